package io.mlcycle.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole cycle, end to end, on smaller data: './mlcycle demo' against the running stack (real Kafka broker,
 * real MLflow server, jobs and scorer through the venv's spark-submit), with topics, model, experiment and
 * tables of its own. What it produced is then read back independently: the Delta tables with Spark, the runs
 * and the registry over MLflow's REST API.
 */
class DemoCycleIT {
    private static final int HISTORY_ROWS = 4000;
    private static final int PER_WINDOW = 300;
    private static final int CLEAN_WINDOWS = 2;
    private static final int DRIFTED_WINDOWS = 2;
    private static final int AFTER_RETRAIN_WINDOWS = 1;
    private static final int MALFORMED = 3;
    private static final String ID = "it" + UUID.randomUUID().toString().substring(0, 8);

    private static SparkSession spark;
    private static Path lake;
    private static String output;
    private static int exitCode;

    @BeforeAll
    static void runTheDemo() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("mlcycle.work-dir", required("mlcycle.it.work-dir"));
        overrides.put("mlcycle.stack.venv-dir", required("mlcycle.it.venv"));
        overrides.put("mlcycle.stack.kafka.classpath-dir", Path.of(required("mlcycle.test.repository-root"), "deploy", "kafka-broker", "target", "lib")
                .toAbsolutePath().normalize().toString());
        overrides.put("mlcycle.lake.root", ID + "/lake");
        overrides.put("mlcycle.generator.output-dir", ID + "/landing");
        overrides.put("mlcycle.scorer.checkpoint-dir", ID + "/checkpoint");
        overrides.put("mlcycle.scorer.model-cache-dir", ID + "/models");
        overrides.put("mlcycle.scorer.query-name", ID + "-scorer");
        for (String topic : List.of("events", "predictions", "dead-letter", "alerts", "labels")) {
            overrides.put("mlcycle.kafka.topics." + topic, ID + "-" + topic);
        }
        overrides.put("mlcycle.mlflow.experiment", ID);
        overrides.put("mlcycle.mlflow.registered-model", ID + "-model");
        overrides.put("mlcycle.generator.history-rows", String.valueOf(HISTORY_ROWS));
        overrides.put("mlcycle.demo.events-per-window", String.valueOf(PER_WINDOW));
        overrides.put("mlcycle.demo.clean-windows", String.valueOf(CLEAN_WINDOWS));
        overrides.put("mlcycle.demo.drifted-windows", String.valueOf(DRIFTED_WINDOWS));
        overrides.put("mlcycle.demo.after-retrain-windows", String.valueOf(AFTER_RETRAIN_WINDOWS));
        overrides.put("mlcycle.demo.malformed-events", String.valueOf(MALFORMED));
        overrides.put("mlcycle.retrain.min-labeled-events", "200");
        overrides.put("mlcycle.scorer.trigger-interval", "1s");

        List<String> args = new ArrayList<>(List.of("--config", required("mlcycle.it.config")));
        overrides.forEach((key, value) -> args.add("-D" + key + "=" + value));
        args.add("demo");
        StringWriter out = new StringWriter();
        exitCode = Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
        output = out.toString();
        overrides.keySet().forEach(System::clearProperty);
        System.out.println(output);

        lake = Path.of(required("mlcycle.it.work-dir")).resolve(ID).resolve("lake");
        spark = SparkSession.builder().master("local[2]").appName("DemoCycleIT")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void completesAndTablesHoldTheExpectedRows() {
        assertThat(exitCode).as(output).isZero();
        assertThat(table("bronze/applications").count()).isEqualTo(HISTORY_ROWS);
        assertThat(table("silver/applications").count()).as("clean history: every row passes validation").isEqualTo(HISTORY_ROWS);
        assertThat(table("silver/quarantine").count()).isZero();
        assertThat(table("silver/features").count()).isEqualTo(HISTORY_ROWS);
        assertThat(table("gold/dead_letters").count()).isEqualTo(MALFORMED);
    }

    @Test
    void scoresEveryLiveEventExactlyOnce() {
        Dataset<Row> predictions = table("gold/predictions");
        long expected = (long) PER_WINDOW * (CLEAN_WINDOWS + DRIFTED_WINDOWS + AFTER_RETRAIN_WINDOWS);
        assertThat(predictions.count()).isEqualTo(expected);
        assertThat(predictions.select("application_id").distinct().count()).isEqualTo(expected);
    }

    @Test
    void recordsEveryRunWithParamsAndMetrics() {
        MlflowRestClient mlflow = mlflow();
        String experimentId = mlflow.get("experiments/get-by-name", Map.of("experiment_name", ID)).path("experiment").path("experiment_id").asText();
        JsonNode runs = mlflow.post("runs/search", Map.of("experiment_ids", List.of(experimentId), "max_results", 100),
                MlflowRestClient.Idempotency.IDEMPOTENT).path("runs");
        List<String> names = new ArrayList<>();
        Map<String, String> parentOfChild = new java.util.TreeMap<>();
        Map<String, String> idByName = new java.util.TreeMap<>();
        for (JsonNode run : runs) {
            String name = run.path("info").path("run_name").asText();
            assertThat(run.path("info").path("status").asText()).as(name).isEqualTo("FINISHED");
            Map<String, String> tags = new java.util.TreeMap<>();
            run.path("data").path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
            if (tags.containsKey("mlflow.parentRunId")) {
                // a hyperparameter candidate of the train run: its parameters and validation metric
                parentOfChild.put(name, tags.get("mlflow.parentRunId"));
                assertThat(keys(run.path("data").path("params"))).as(name).contains("algorithm");
                assertThat(keys(run.path("data").path("metrics"))).as(name).containsExactly("validation_auc_roc");
                continue;
            }
            names.add(name);
            idByName.put(name, run.path("info").path("run_id").asText());
            assertThat(keys(run.path("data").path("params"))).as(name).contains("algorithm", "seed");
            assertThat(keys(run.path("data").path("metrics"))).as(name).contains("test_auc_roc", "test_f1", "test_precision", "test_recall");
        }
        assertThat(names).containsExactlyInAnyOrder("train", names.stream().filter(n -> n.startsWith("retrain-")).findFirst().orElse("a retrain run"));
        // the default grids: logistic regression with two reg-param values, random forest with one point
        assertThat(parentOfChild).containsOnlyKeys("logistic-regression-1", "logistic-regression-2", "random-forest-1")
                .allSatisfy((child, parent) -> assertThat(parent).isEqualTo(idByName.get("train")));
    }

    @Test
    void promotesTheRetrainedVersionAndServesItAfterwards() {
        MlflowModelRegistry registry = new MlflowModelRegistry(mlflow());
        List<ModelVersion> versions = registry.versions(ID + "-model");
        assertThat(versions).extracting(ModelVersion::version).containsExactly("1", "2");
        assertThat(registry.versionByAlias(ID + "-model", "champion")).map(ModelVersion::version).contains("2");

        Dataset<Row> predictions = table("gold/predictions");
        Timestamp liveStart = predictions.agg(min("event_time")).head().getTimestamp(0);
        Timestamp afterRetrain = plusHours(liveStart, CLEAN_WINDOWS + DRIFTED_WINDOWS);
        List<Row> versionsAfter = predictions.filter(col("event_time").geq(afterRetrain)).select("model_version").distinct().collectAsList();
        assertThat(versionsAfter).extracting(row -> row.getString(0)).containsExactly("2");
        List<Row> versionsBefore = predictions.filter(col("event_time").lt(plusHours(liveStart, CLEAN_WINDOWS))).select("model_version")
                .distinct().collectAsList();
        assertThat(versionsBefore).extracting(row -> row.getString(0)).containsExactly("1");
    }

    @Test
    void raisesDriftAlertsInDriftedWindowsOnly() {
        Dataset<Row> predictions = table("gold/predictions");
        Timestamp liveStart = predictions.agg(min("event_time")).head().getTimestamp(0);
        Timestamp driftStart = plusHours(liveStart, CLEAN_WINDOWS);
        Dataset<Row> drift = table("gold/drift_metrics");
        Dataset<Row> alerts = table("gold/alerts");

        assertThat(drift.filter(col("window_start").lt(driftStart)).count()).as("clean windows were evaluated").isPositive();
        assertThat(drift.filter(col("window_start").lt(driftStart)).agg(max("value")).head().getDouble(0))
                .as("largest PSI in a clean window").isLessThan(0.2);
        assertThat(alerts.filter(col("window_start").lt(driftStart)).count()).as("alerts in clean windows").isZero();
        assertThat(alerts.filter(col("window_start").geq(driftStart).and(col("model_version").equalTo("1"))).count())
                .as("alerts against version 1 in drifted windows").isPositive();
        assertThat(alerts.select("feature").distinct().collectAsList()).extracting(row -> row.getString(0)).contains("amount");
    }

    private static Dataset<Row> table(String relative) {
        return spark.read().format("delta").load(lake.resolve(relative).toString());
    }

    private static Timestamp plusHours(Timestamp start, int hours) {
        return Timestamp.from(start.toInstant().plus(Duration.ofHours(hours)));
    }

    private static List<String> keys(JsonNode entries) {
        List<String> keys = new ArrayList<>();
        entries.forEach(entry -> keys.add(entry.path("key").asText()));
        return keys;
    }

    private static MlflowRestClient mlflow() {
        return new MlflowRestClient(URI.create(required("mlcycle.it.mlflow-uri")), Secret.empty(), Secret.empty(), Duration.ofSeconds(30),
                RetryPolicy.ofAttempts(3));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("System property " + property + " is not set. This end-to-end test runs against the local stack: run it with ./mlcycle test"
                    + " (or ./mlcycle test -- -pl cli -am -Dit.test=DemoCycleIT).");
        }
        return value;
    }
}
