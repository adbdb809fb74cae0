package io.mlcycle.platform.fakes;

import io.mlcycle.common.io.DatasetInput;
import io.mlcycle.common.io.ExperimentTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A hand-written in-memory ExperimentTracker for job tests: runs, and uploaded files copied to a folder. */
public final class InMemoryTracker implements ExperimentTracker {
    /** One recorded run. */
    public static final class Run {
        public final String id;
        public final String experimentId;
        public final Map<String, String> params = new LinkedHashMap<>();
        public final Map<String, Double> metrics = new LinkedHashMap<>();
        public final Map<String, String> tags = new LinkedHashMap<>();
        /** Logged dataset inputs in order; like MLflow, a repeat of a name and digest is not added again. */
        public final List<DatasetInput> inputs = new ArrayList<>();
        public RunStatus status;

        Run(String id, String experimentId) {
            this.id = id;
            this.experimentId = experimentId;
        }
    }

    private final Path artifactRoot;
    private final Map<String, String> experiments = new LinkedHashMap<>();
    private final List<Run> runs = new ArrayList<>();

    public InMemoryTracker(Path artifactRoot) {
        this.artifactRoot = artifactRoot;
    }

    public List<Run> runs() {
        return runs;
    }

    public Run run(String runId) {
        return runs.stream().filter(r -> r.id.equals(runId)).findFirst().orElseThrow();
    }

    @Override
    public String experimentId(String experimentName) {
        return experiments.computeIfAbsent(experimentName, name -> String.valueOf(experiments.size() + 1));
    }

    @Override
    public String startRun(String experimentId, String runName, Map<String, String> tags) {
        Run run = new Run("run-" + (runs.size() + 1), experimentId);
        run.tags.putAll(tags);
        runs.add(run);
        return run.id;
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        run(runId).params.putAll(params);
    }

    @Override
    public void logMetrics(String runId, Map<String, Double> metrics) {
        run(runId).metrics.putAll(metrics);
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        run(runId).tags.putAll(tags);
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        Run run = run(runId);
        for (DatasetInput input : inputs) {
            boolean logged = run.inputs.stream().anyMatch(known -> known.name().equals(input.name()) && known.digest().equals(input.digest()));
            if (!logged) {
                run.inputs.add(input);
            }
        }
    }

    @Override
    public void uploadArtifacts(String runId, Path localDir, String artifactPath) {
        Path target = artifactRoot.resolve(runId).resolve(artifactPath);
        try (Stream<Path> files = Files.walk(localDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(localDir.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String artifactUri(String runId) {
        return artifactRoot.resolve(runId).toUri().toString();
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        run(runId).status = status;
    }
}
