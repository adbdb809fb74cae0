package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.platform.mlflow.MlflowModelFiles;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.MlflowTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --reproduce <run-id>}: what a training run recorded (the feature table and version it read, the config it
 * ran with, its test metrics), the config to train again with, and the comparison of the two runs' test metrics, which
 * must be equal to the last bit.
 *
 * <p>The training-relevant parts of the recorded config ({@link #RECORDED_PATHS}) replace the current config's; where the
 * run happens (MLflow, Spark, the lake) stays as configured now.
 */
public final class Reproduction {
    /** Config paths taken from the recorded run: everything that decides what is trained and how it is evaluated. */
    public static final List<String> RECORDED_PATHS = List.of("mlcycle.dataset", "mlcycle.train", "mlcycle.evaluation", "mlcycle.gate",
            "mlcycle.monitor", "mlcycle.prepare");

    private Reproduction() {}

    /** A recorded training run. */
    public record Recorded(String runId, String table, long version, Map<String, Double> metrics, Config config) {
        public Recorded {
            requireNonNull(runId, "runId is null");
            requireNonNull(table, "table is null");
            metrics = Map.copyOf(metrics);
            requireNonNull(config, "config is null");
        }
    }

    /** The reproduction's run, and its test metrics next to the original's. */
    public record Outcome(String originalRunId, TrainJob.Result result, List<MetricPair> pairs) {
        public Outcome {
            pairs = List.copyOf(pairs);
        }

        /** Every test metric of the original run equal in the reproduction, and there was at least one. */
        public boolean reproduced() {
            return !pairs.isEmpty() && pairs.stream().allMatch(MetricPair::equal);
        }

        public String summary() {
            long differing = pairs.stream().filter(pair -> !pair.equal()).count();
            return reproduced()
                    ? "Reproduced run " + originalRunId + " as run " + result.runId() + ": all " + pairs.size() + " test metrics are equal."
                    : "NOT reproduced: " + differing + " of " + pairs.size() + " test metrics of run " + originalRunId + " differ in run "
                            + result.runId() + ".";
        }
    }

    /**
     * Trains again from what run {@code runId} recorded: its feature table version, and its dataset, training, evaluation and
     * gate config in place of {@code current}'s. Nothing is registered; the new run is tagged {@code mlcycle.reproduces}.
     */
    public static Outcome run(SparkSession spark, Config current, String runId, MlflowRestClient mlflow, Path scratch) {
        Recorded recorded = fetch(mlflow, new MlflowModelFiles(mlflow), runId, TrainJob.CONFIG_ARTIFACT, scratch);
        TrainJobConfig config = TrainJobConfig.from(configFor(recorded, current));
        if (!config.lake().featuresTable().equals(recorded.table())) {
            throw new IllegalArgumentException("Cannot reproduce run " + runId + ": it trained on " + recorded.table() + ", this config's feature"
                    + " table is " + config.lake().featuresTable() + ". Run with the config whose mlcycle.lake points at the original lake.");
        }
        MlflowTracker tracker = new MlflowTracker(mlflow);
        ModelPublisher publisher = new ModelPublisher(tracker, new MlflowModelRegistry(mlflow), scratch);
        TrainJob.Options options = new TrainJob.Options(java.util.OptionalLong.of(recorded.version()), java.util.Optional.of(runId));
        TrainJob.Result result = new TrainJob(spark, config, tracker, publisher, new MlflowModelFiles(mlflow), options).train();
        return new Outcome(runId, result, compare(recorded.metrics(), result.metrics()));
    }

    /** Reads run {@code runId} from MLflow and downloads its recorded config artifact ({@code configArtifact}) under {@code scratch}. */
    public static Recorded fetch(MlflowRestClient client, ModelFiles files, String runId, String configArtifact, Path scratch) {
        JsonNode run = client.get("runs/get", Map.of("run_id", runId)).path("run");
        Map<String, String> tags = new TreeMap<>();
        run.path("data").path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
        Map<String, Double> metrics = new TreeMap<>();
        run.path("data").path("metrics").forEach(metric -> metrics.put(metric.path("key").asText(), metric.path("value").asDouble()));
        String table = tags.get("mlcycle.data.table");
        String version = tags.get("mlcycle.data.version");
        if (table == null || version == null || !"train".equals(tags.get("mlcycle.stage"))) {
            throw new IllegalArgumentException("Cannot reproduce run " + runId + ": it is not a training run of mlcycle (its tags mlcycle.stage,"
                    + " mlcycle.data.table and mlcycle.data.version are " + tags.get("mlcycle.stage") + ", " + table + ", " + version
                    + "). Give the id of a parent run of `train` (the MLflow UI shows it under the experiment).");
        }
        String artifactRoot = run.path("info").path("artifact_uri").asText();
        Path target = scratch.resolve("reproduce-" + runId);
        Path downloaded = files.download(artifactRoot + "/" + configArtifact, target);
        Path file = Files.isDirectory(downloaded) ? firstFile(downloaded) : downloaded;
        Config config;
        try {
            // the artifact is the resolved mlcycle section (ResolvedConfig)
            config = ConfigFactory.parseString(Files.readString(file), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)).atPath("mlcycle");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the recorded config of run " + runId + " at " + file + ": " + e.getMessage(), e);
        }
        return new Recorded(runId, table, Long.parseLong(version), metrics, config);
    }

    private static Path firstFile(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                    "Cannot reproduce: the recorded config artifact downloaded to " + dir + " holds no file."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code current} with the recorded run's training-relevant config paths in place of its own. */
    public static Config configFor(Recorded recorded, Config current) {
        Config result = current;
        for (String path : RECORDED_PATHS) {
            result = result.withoutPath(path);
            if (recorded.config().hasPath(path)) {
                result = result.withValue(path, recorded.config().getValue(path));
            }
        }
        return result.resolve();
    }

    /** One metric of both runs. */
    public record MetricPair(String name, double original, double reproduced) {
        public boolean equal() {
            return Double.compare(original, reproduced) == 0;
        }
    }

    /** The test metrics ({@code test_*}) of the original run next to the reproduction's: names in either, sorted. */
    public static List<MetricPair> compare(Map<String, Double> original, Map<String, Double> reproduced) {
        TreeMap<String, double[]> pairs = new TreeMap<>();
        original.forEach((name, value) -> {
            if (name.startsWith("test_")) {
                pairs.computeIfAbsent(name, n -> new double[] {Double.NaN, Double.NaN})[0] = value;
            }
        });
        reproduced.forEach((name, value) -> {
            if (name.startsWith("test_")) {
                pairs.computeIfAbsent(name, n -> new double[] {Double.NaN, Double.NaN})[1] = value;
            }
        });
        List<MetricPair> result = new ArrayList<>();
        pairs.forEach((name, values) -> result.add(new MetricPair(name, values[0], values[1])));
        return result;
    }

    /** A table of the comparison for people: one line per metric, differing ones marked. */
    public static String describe(List<MetricPair> pairs) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-36s %22s %22s%n", "metric", "original", "reproduced"));
        for (MetricPair pair : pairs) {
            text.append(String.format(Locale.ROOT, "%-36s %22s %22s%s%n", pair.name(), pair.original(), pair.reproduced(),
                    pair.equal() ? "" : "   <- differs"));
        }
        return text.toString();
    }
}
