package io.mlcycle.platform.mlflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.io.DatasetInput;
import io.mlcycle.common.io.ExperimentTracker;
import io.mlcycle.platform.mlflow.MlflowRestClient.Idempotency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Records mlcycle's runs in an MLflow tracking server over its REST API and uploads their artifacts through the
 * server's artifact proxy.
 *
 * <p>This talks to the server through {@link MlflowRestClient} rather than mlflow-client's {@code MlflowClient}:
 * that client's HTTP caller retries POSTs whatever they do (a retried {@code runs/create} can leave a duplicate
 * run), does not retry connection failures, and uploads artifacts by shelling out to Python. The registry and
 * the artifact proxy need a REST client of our own anyway, so every MLflow call shares one retry, timeout, auth
 * and error policy.
 */
public final class MlflowTracker implements ExperimentTracker {
    /** MLflow's limits per {@code runs/log-batch} call. */
    static final int MAX_PARAMS_PER_BATCH = 100;
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_TAGS_PER_BATCH = 100;
    /** MLflow's limit per {@code runs/log-inputs} call. */
    static final int MAX_DATASETS_PER_CALL = 1000;
    /** The input tag MLflow's UI shows as a dataset's context. */
    static final String DATASET_CONTEXT_TAG = "mlflow.data.context";

    private final MlflowRestClient client;
    private final Clock clock;

    public MlflowTracker(MlflowRestClient client) {
        this(client, Clock.systemUTC());
    }

    public MlflowTracker(MlflowRestClient client, Clock clock) {
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    static final String EXPERIMENT_KIND_TAG = "mlflow.experimentKind";
    static final String MODEL_TRAINING_KIND = "custom_model_development";

    @Override
    public String experimentId(String experimentName) {
        requireNonNull(experimentName, "experimentName is null");
        try {
            return activeExperimentId(experimentName);
        } catch (MlflowException notFound) {
            if (notFound.category() != MlflowErrorCategory.NOT_FOUND) {
                throw notFound;
            }
        }
        try {
            // The kind tag makes MLflow 3's UI open the experiment on its model-training (runs) view, not the GenAI one.
            return client.post("experiments/create", Map.of("name", experimentName,
                            "tags", List.of(Map.of("key", EXPERIMENT_KIND_TAG, "value", MODEL_TRAINING_KIND))), Idempotency.IDEMPOTENT)
                    .path("experiment_id").asText();
        } catch (MlflowException exists) {
            if (exists.category() != MlflowErrorCategory.ALREADY_EXISTS) {
                throw exists;
            }
            return activeExperimentId(experimentName);
        }
    }

    private String activeExperimentId(String experimentName) {
        JsonNode experiment = client.get("experiments/get-by-name", Map.of("experiment_name", experimentName)).path("experiment");
        if (!"active".equals(experiment.path("lifecycle_stage").asText())) {
            throw new MlflowException(MlflowErrorCategory.REJECTED,
                    "Cannot use MLflow experiment '" + experimentName + "': it is deleted. Restore it in the MLflow UI"
                            + " (or with 'mlflow experiments restore'), or set mlcycle.mlflow.experiment to another name.");
        }
        return requiredText(experiment, "experiment_id", "experiments/get-by-name");
    }

    /** Starts a run; {@code tags} may override the defaults {@code mlflow.user} and {@code mlflow.source.type}. */
    @Override
    public String startRun(String experimentId, String runName, Map<String, String> tags) {
        Map<String, String> allTags = new LinkedHashMap<>();
        allTags.put("mlflow.user", System.getProperty("user.name", "mlcycle"));
        allTags.put("mlflow.source.type", "JOB");
        allTags.putAll(tags);
        Map<String, Object> body = Map.of(
                "experiment_id", requireNonNull(experimentId, "experimentId is null"),
                "run_name", requireNonNull(runName, "runName is null"),
                "start_time", clock.millis(),
                "tags", keyValues(allTags));
        JsonNode run = client.post("runs/create", body, Idempotency.NOT_IDEMPOTENT).path("run").path("info");
        return requiredText(run, "run_id", "runs/create");
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        for (List<Map<String, Object>> batch : batches(keyValues(params), MAX_PARAMS_PER_BATCH)) {
            logBatch(runId, "params", batch);
        }
    }

    @Override
    public void logMetrics(String runId, Map<String, Double> metrics) {
        long timestamp = clock.millis();
        List<Map<String, Object>> entries = new ArrayList<>();
        metrics.forEach((key, value) -> entries.add(Map.of("key", key, "value", value, "timestamp", timestamp, "step", 0)));
        for (List<Map<String, Object>> batch : batches(entries, MAX_METRICS_PER_BATCH)) {
            logBatch(runId, "metrics", batch);
        }
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        for (List<Map<String, Object>> batch : batches(keyValues(tags), MAX_TAGS_PER_BATCH)) {
            logBatch(runId, "tags", batch);
        }
    }

    /** Retrying is safe: MLflow keeps one copy of an equal param, metric (same timestamp) or tag. */
    private void logBatch(String runId, String kind, List<Map<String, Object>> entries) {
        client.post("runs/log-batch", Map.of("run_id", requireNonNull(runId, "runId is null"), kind, entries), Idempotency.IDEMPOTENT);
    }

    /** Retrying is safe: the server keeps one dataset per name and digest in an experiment, and one input per dataset and run. */
    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        requireNonNull(runId, "runId is null");
        List<Map<String, Object>> datasets = inputs.stream().map(MlflowTracker::datasetInput).toList();
        for (List<Map<String, Object>> batch : batches(datasets, MAX_DATASETS_PER_CALL)) {
            client.post("runs/log-inputs", Map.of("run_id", runId, "datasets", batch), Idempotency.IDEMPOTENT);
        }
    }

    private static Map<String, Object> datasetInput(DatasetInput input) {
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", input.name());
        dataset.put("digest", input.digest());
        dataset.put("source_type", input.sourceType());
        dataset.put("source", input.source());
        if (!input.schema().isEmpty()) {
            dataset.put("schema", input.schema());
        }
        if (!input.profile().isEmpty()) {
            dataset.put("profile", input.profile());
        }
        return Map.of("tags", keyValues(Map.of(DATASET_CONTEXT_TAG, input.context().tagValue())), "dataset", dataset);
    }

    @Override
    public void uploadArtifacts(String runId, Path localDir, String artifactPath) {
        String purpose = "upload artifacts of run " + runId;
        if (!Files.isDirectory(localDir)) {
            throw new IllegalArgumentException("Cannot " + purpose + ": " + localDir + " is not a directory");
        }
        String root = ArtifactPaths.join(ArtifactPaths.proxyPath(artifactUri(runId), purpose), ArtifactPaths.normalize(artifactPath, purpose));
        for (Path file : regularFiles(localDir)) {
            client.uploadArtifact(ArtifactPaths.join(root, relativePath(localDir, file)), file);
        }
    }

    @Override
    public String artifactUri(String runId) {
        JsonNode info = client.get("runs/get", Map.of("run_id", requireNonNull(runId, "runId is null"))).path("run").path("info");
        return requiredText(info, "artifact_uri", "runs/get");
    }

    @Override
    public void endRun(String runId, RunStatus status) {
        Map<String, Object> body = Map.of(
                "run_id", requireNonNull(runId, "runId is null"),
                "status", status.name(),
                "end_time", clock.millis());
        client.post("runs/update", body, Idempotency.IDEMPOTENT);
    }

    /**
     * As {@link ExperimentTracker#endFailed}, but the reason goes through {@code runs/set-tag} rather than
     * {@code runs/log-batch}: the failure being recorded is often a log-batch the server keeps refusing.
     */
    @Override
    public void endFailed(String runId, Throwable cause) {
        try {
            Map<String, String> body = Map.of("run_id", requireNonNull(runId, "runId is null"),
                    "key", FAILURE_REASON_TAG, "value", ExperimentTracker.failureReason(cause));
            client.post("runs/set-tag", body, Idempotency.IDEMPOTENT);
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
        try {
            endRun(runId, RunStatus.FAILED);
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private static List<Path> regularFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the files below " + dir + " to upload them", e);
        }
    }

    private static String relativePath(Path root, Path file) {
        List<String> segments = new ArrayList<>();
        root.relativize(file).forEach(segment -> segments.add(segment.toString()));
        return String.join("/", segments);
    }

    private static List<Map<String, Object>> keyValues(Map<String, String> entries) {
        List<Map<String, Object>> list = new ArrayList<>();
        entries.forEach((key, value) -> list.add(Map.of("key", key, "value", value)));
        return list;
    }

    static <T> List<List<T>> batches(List<T> entries, int batchSize) {
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < entries.size(); start += batchSize) {
            batches.add(List.copyOf(entries.subList(start, Math.min(entries.size(), start + batchSize))));
        }
        return batches;
    }

    static String requiredText(JsonNode node, String field, String endpoint) {
        String value = node.path(field).asText("");
        if (value.isEmpty()) {
            throw new MlflowException(MlflowErrorCategory.INVALID_RESPONSE,
                    "Cannot read '" + field + "' from the answer of MLflow's " + endpoint + ": " + MlflowRestClient.abbreviate(node.toString()));
        }
        return value;
    }
}
