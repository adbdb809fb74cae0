package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.cli.ItEnvironment;
import io.mlcycle.cli.Main;
import io.mlcycle.cli.TestFiles;
import io.mlcycle.common.config.Secret;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark with training, at a small scale: every stage a real spark-submit through the stack's venv, the train job
 * (one parent run per training, a child run per grid point) logging to the real MLflow server that ./mlcycle test passes ({@code -Dmlcycle.it.mlflow-uri}). The config names a
 * different port for the local stack's MLflow, so the benchmark treats the server as one elsewhere: it checks that it
 * answers and starts nothing. What it produced is read back independently: the feature table with Spark, the runs over
 * MLflow's REST API. The score stage runs last, against the real broker that ./mlcycle test passes
 * ({@code -Dmlcycle.it.kafka-bootstrap}): the predictions table is counted with Spark, the bare loop's topic with a fresh consumer.
 */
class BenchmarkTrainIT {
    private static final int ROWS = 3000;
    private static final int EVENTS = 3000;

    @TempDir
    Path work;

    @Test
    void trainsEachAlgorithmAloneIntoTheBenchmarksExperimentThenScoresWithTheFirst() throws Exception {
        URI mlflowUri = mlflowUri();
        Path config = TestFiles.configFile(work, "mlcycle.work-dir = \"" + work + "\"\n"
                + "mlcycle.stack.venv-dir = \"" + ItEnvironment.venv() + "\"\n"
                + "mlcycle.stack.mlflow.port = " + ItEnvironment.freePort() + "\n"
                + "mlcycle.mlflow.tracking-uri = \"" + mlflowUri + "\"\n"
                + "mlcycle.stack.kafka.port = " + ItEnvironment.freePort() + "\n"
                + "mlcycle.kafka.bootstrap-servers = \"" + kafkaBootstrap() + "\"\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        // Two quick algorithms.
        int exitCode = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "benchmark", "--config", config.toString(),
                "--rows", String.valueOf(ROWS), "--stages", "generate,ingest,silver,features,train,score",
                "--algorithms", "logistic-regression,random-forest", "--events", String.valueOf(EVENTS));

        System.out.println(out);
        assertThat(exitCode).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("checking that it answers").doesNotContain("Starting the local stack");
        Path benchmark = work.resolve("benchmark");
        JsonNode results = new ObjectMapper().readTree(benchmark.resolve("results.json").toFile());
        List<String> stages = new ArrayList<>();
        results.get("stages").forEach(stage -> {
            stages.add(stage.get("stage").asText());
            assertThat(stage.get("exitCode").asInt()).isZero();
            assertThat(stage.get("seconds").asDouble()).isPositive();
            assertThat(stage.get("driverPeakMib").asLong()).isGreaterThan(100);
        });
        assertThat(stages).containsExactly("generate", "ingest", "silver", "features", "train:logistic-regression", "train:random-forest",
                "score");

        long featureRows = countWithSpark(benchmark.resolve("lake").resolve("silver").resolve("features"));
        assertThat(featureRows).as("clean synthetic history: every row reaches the feature table").isEqualTo(ROWS);
        for (JsonNode train : List.of(results.get("stages").get(4), results.get("stages").get(5))) {
            assertThat(train.get("rows").asLong()).isEqualTo(featureRows);
            assertThat(train.get("rowsPerSecond").asDouble()).isCloseTo(featureRows / train.get("seconds").asDouble(),
                    org.assertj.core.data.Percentage.withPercentage(0.001));
        }
        assertThat(out.toString()).contains("train:logistic-regression", "train:random-forest", "rows/s");

        MlflowRestClient mlflow = new MlflowRestClient(mlflowUri, Secret.empty(), Secret.empty(), Duration.ofSeconds(30),
                RetryPolicy.ofAttempts(3));
        List<String> trainedAlgorithms = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        Set<String> runIds = new HashSet<>();
        for (JsonNode run : runsOnThisLake(mlflow)) {
            assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
            if (value(run.path("data").path("tags"), "mlflow.parentRunId").isEmpty()) {
                runIds.add(run.path("info").path("run_id").asText());
                trainedAlgorithms.add(value(run.path("data").path("params"), "algorithms"));
            } else {
                candidates.add(run.path("info").path("run_name").asText());
            }
        }
        assertThat(trainedAlgorithms).as("each spark-submit trained its one algorithm").containsExactlyInAnyOrder("logistic-regression",
                "random-forest");
        assertThat(candidates).as("one grid point (the default parameters) per algorithm").containsExactlyInAnyOrder("logistic-regression-1",
                "random-forest-1");
        List<String> versions = new ArrayList<>(versionRunIds(mlflow, "mlcycle-benchmark-logistic-regression"));
        versions.addAll(versionRunIds(mlflow, "mlcycle-benchmark-random-forest"));
        assertThat(versions).as("each algorithm registers under its own benchmark model").containsAll(runIds);
        assertThat(versionRunIds(mlflow, "mlcycle-loan-default")).as("the user's registered model").doesNotContainAnyElementsOf(runIds);

        JsonNode score = results.get("score");
        assertThat(score.get("events").asLong()).isEqualTo(EVENTS);
        assertThat(score.get("model").asText()).as("the first algorithm's champion").startsWith("mlcycle-benchmark-logistic-regression version ");
        long predictions = countWithSpark(benchmark.resolve("lake").resolve("gold").resolve("predictions"));
        assertThat(predictions).as("every generated event is valid and scored exactly once").isEqualTo(EVENTS);
        assertThat(countRecords(score.get("bareLoopTopic").asText())).as("one bare-loop record per event").isEqualTo(EVENTS);
        for (String figure : List.of("scorerSeconds", "scorerEventsPerSecond", "sustainedSeconds", "sustainedEventsPerSecond",
                "batchMinSeconds", "batchMedianSeconds", "batchMaxSeconds", "bareLoopSeconds", "bareLoopEventsPerSecond",
                "bareLoopSustainedEventsPerSecond", "scorerToBareLoop")) {
            assertThat(score.get(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(score.get("batches").asInt()).isPositive();
        assertThat(score.get("sustainedSeconds").asDouble()).isLessThan(score.get("scorerSeconds").asDouble());
        assertThat(score.get("driverPeakMib").asLong()).isGreaterThan(100);
        assertThat(out.toString()).contains("scorer sustained", "bare loop overall", "scorer / bare loop");
    }

    /** Distinct keys of {@code topic}, read from its beginning by a consumer of its own. */
    private static long countRecords(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<String> keys = new HashSet<>();
        long[] records = {0};
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            // records keep arriving until all EVENTS are there; more than EVENTS would show as extra records
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    keys.add(record.key());
                    records[0]++;
                });
                return records[0] >= EVENTS;
            });
            consumer.poll(Duration.ofSeconds(2)).forEach(record -> records[0]++);
        }
        assertThat(keys).hasSize((int) records[0]);
        return records[0];
    }

    private static String kafkaBootstrap() {
        String value = System.getProperty("mlcycle.it.kafka-bootstrap", "").strip();
        if (value.isEmpty()) {
            fail("System property mlcycle.it.kafka-bootstrap is not set. This test scores through a real Kafka broker: run it with"
                    + " ./mlcycle test (which starts the stack and passes it), or with a broker running pass"
                    + " -Dmlcycle.it.kafka-bootstrap=127.0.0.1:19092");
        }
        return value;
    }

    /** The value of entry {@code key} of MLflow's [{key, value}] list, "" when absent. */
    private static String value(JsonNode entries, String key) {
        for (JsonNode entry : entries) {
            if (entry.path("key").asText().equals(key)) {
                return entry.path("value").asText();
            }
        }
        return "";
    }

    private JsonNode runsOnThisLake(MlflowRestClient mlflow) {
        String experimentId = mlflow.get("experiments/get-by-name", Map.of("experiment_name", BenchmarkCommand.MLFLOW_NAME))
                .path("experiment").path("experiment_id").asText();
        String filter = "tags.`mlcycle.data.table` LIKE '" + work.toAbsolutePath() + "/%'";
        return mlflow.post("runs/search", Map.of("experiment_ids", List.of(experimentId), "filter", filter, "max_results", 100),
                MlflowRestClient.Idempotency.IDEMPOTENT).path("runs");
    }

    private static Set<String> versionRunIds(MlflowRestClient mlflow, String model) {
        Set<String> runIds = new HashSet<>();
        mlflow.get("model-versions/search", Map.of("filter", "name='" + model + "'", "max_results", "1000")).path("model_versions")
                .forEach(version -> runIds.add(version.path("run_id").asText()));
        return runIds;
    }

    private static long countWithSpark(Path table) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("BenchmarkTrainIT")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
        try {
            return spark.read().format("delta").load(table.toString()).count();
        } finally {
            spark.stop();
        }
    }

    private static URI mlflowUri() {
        String value = System.getProperty("mlcycle.it.mlflow-uri", "").strip();
        if (value.isEmpty()) {
            fail("System property mlcycle.it.mlflow-uri is not set. This test trains against a real MLflow server: run it with"
                    + " ./mlcycle test (which starts the stack and passes it), or with a server running pass"
                    + " -Dmlcycle.it.mlflow-uri=http://127.0.0.1:5000");
        }
        return URI.create(value);
    }
}
