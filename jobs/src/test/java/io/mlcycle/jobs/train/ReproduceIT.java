package io.mlcycle.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.generate.GenerateJob;
import io.mlcycle.jobs.generate.GenerateJobConfig;
import io.mlcycle.jobs.ingest.IngestJob;
import io.mlcycle.jobs.ingest.IngestJobConfig;
import io.mlcycle.jobs.silver.SilverJob;
import io.mlcycle.jobs.silver.SilverJobConfig;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.MlflowTestServer;
import io.mlcycle.platform.mlflow.MlflowTracker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --reproduce}: a training run against a real MLflow server, then its reproduction from what MLflow recorded
 * (data version, config artifact, seed) while the current config says otherwise; every test metric must be equal to the last bit.
 */
class ReproduceIT {
    private static final int ROWS = 3000;
    private static SparkSession spark;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(ReproduceIT.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void retrainsFromTheRecordedVersionConfigAndSeedToEqualTestMetrics() {
        String model = MlflowTestServer.uniqueName("reproduce");
        Map<String, String> properties = Map.of(
                "mlcycle.work-dir", work.toString(),
                "mlcycle.generator.history-rows", String.valueOf(ROWS),
                "mlcycle.mlflow.tracking-uri", MlflowTestServer.uri().toString(),
                "mlcycle.mlflow.experiment", model,
                "mlcycle.mlflow.registered-model", model);
        properties.forEach(System::setProperty);
        try {
            Config config = ConfigLoader.load(Path.of("..", "conf", "local.conf"));
            GenerateJobConfig generate = GenerateJobConfig.from(config);
            new GenerateJob(spark, generate.generator(), generate.kafka()).run();
            IngestJobConfig ingest = IngestJobConfig.from(config);
            new IngestJob(spark, ingest.dataset(), ingest.lake(), "").run();
            SilverJobConfig silver = SilverJobConfig.from(config);
            new SilverJob(spark, silver.lake(), silver.dataset()).run();
            new FeaturesJob(spark, FeaturesJobConfig.from(config)).run();

            MlflowRestClient client = MlflowTestServer.client();
            MlflowTracker tracker = new MlflowTracker(client);
            TrainJobConfig train = TrainJobConfig.from(config);
            TrainJob.Result original = new TrainJob(spark, train, tracker, new ModelPublisher(tracker, new MlflowModelRegistry(client),
                    work.resolve("scratch")), new io.mlcycle.platform.mlflow.MlflowModelFiles(client)).train();
            assertThat(original.registered()).isPresent();

            // A new feature table version and a different seed and grid in the current config: the reproduction must use
            // the recorded version, config and seed instead.
            new FeaturesJob(spark, FeaturesJobConfig.from(config)).run();
            System.setProperty("mlcycle.train.seed", "12345");
            System.setProperty("mlcycle.train.validation-fraction", "0.3");
            Config changed = ConfigLoader.load(Path.of("..", "conf", "local.conf"));
            Reproduction.Outcome outcome = Reproduction.run(spark, changed, original.runId(), client, work.resolve("scratch"));

            assertThat(outcome.pairs()).extracting(Reproduction.MetricPair::name)
                    .contains("test_auc_roc", "test_auc_pr", "test_f1", "test_log_loss", "test_brier", "test_accuracy");
            assertThat(outcome.pairs()).allSatisfy(pair -> assertThat(pair.reproduced()).as(pair.name()).isEqualTo(pair.original()));
            assertThat(outcome.reproduced()).isTrue();
            assertThat(outcome.result().runId()).isNotEqualTo(original.runId());
            assertThat(outcome.result().registered()).as("a reproduction registers nothing").isEmpty();

            JsonNode run = MlflowTestServer.read("runs/get", Map.of("run_id", outcome.result().runId())).path("run");
            Map<String, String> tags = new java.util.TreeMap<>();
            run.path("data").path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
            assertThat(tags).containsEntry("mlcycle.reproduces", original.runId()).containsEntry("mlcycle.data.version", "0")
                    .containsEntry("mlcycle.seed", String.valueOf(train.train().seed()));
            JsonNode versions = MlflowTestServer.read("model-versions/search", Map.of("filter", "name='" + model + "'")).path("model_versions");
            assertThat(versions).hasSize(1);

            // The comparison can fail: one metric off by one ulp is not a reproduction.
            List<Reproduction.MetricPair> off = Reproduction.compare(Map.of("test_auc_roc", 0.8), Map.of("test_auc_roc", Math.nextUp(0.8)));
            assertThat(off.get(0).equal()).isFalse();
        } finally {
            properties.keySet().forEach(System::clearProperty);
            System.clearProperty("mlcycle.train.seed");
            System.clearProperty("mlcycle.train.validation-fraction");
        }
    }
}
