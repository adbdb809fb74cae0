package io.mlcycle.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlcycle.common.config.Secret;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
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
 * './mlcycle demo --task multiclass' and '--task regression' end to end against the running stack, each as small as
 * still raises a drift alert and retrains (a short history, one clean and two drifted windows of few events, one window
 * after the retrain), with topics, model, experiment and tables of its own. What each produced is read back
 * independently: the predictions table with Spark (the task's columns, values in range), the alerts table, the registry.
 */
class DemoTasksIT {
    private static final int HISTORY_ROWS = 3000;
    private static final int PER_WINDOW = 250;
    private static final int CLEAN_WINDOWS = 1;
    private static final int DRIFTED_WINDOWS = 2;
    private static final int AFTER_RETRAIN_WINDOWS = 1;
    private static final long EVENTS = (long) PER_WINDOW * (CLEAN_WINDOWS + DRIFTED_WINDOWS + AFTER_RETRAIN_WINDOWS);
    private static final String ID = "it" + UUID.randomUUID().toString().substring(0, 8);

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("DemoTasksIT")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theMulticlassDemoPredictsGradesAlertsAndRetrains() {
        String task = ID + "-multiclass";
        String output = runDemo("multiclass", task);

        assertThat(output).contains("Demo of the multiclass task: label risk_grade", "mlcycle summary",
                "Dataset loan-applications-risk-grade (multiclass task, label risk_grade)", "accuracy", "F1 (weighted)");
        Dataset<Row> predictions = table(task, "gold/predictions");
        assertThat(predictions.columns()).contains("prediction", "predicted_label", "probabilities").doesNotContain("probability");
        assertThat(predictions.count()).isEqualTo(EVENTS);
        assertThat(predictions.select("predicted_label").distinct().collectAsList()).extracting(row -> row.getString(0))
                .isNotEmpty().isSubsetOf("A", "B", "C");
        for (Row row : predictions.select("probabilities").collectAsList()) {
            Map<String, Double> probabilities = scala.jdk.javaapi.CollectionConverters.asJava(row.<String, Double>getMap(0));
            assertThat(probabilities).containsOnlyKeys("A", "B", "C");
            assertThat(probabilities.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertAlertAndRetrain(task, output);
    }

    @Test
    void theRegressionDemoPredictsRatesAlertsAndRetrains() {
        String task = ID + "-regression";
        String output = runDemo("regression", task);

        assertThat(output).contains("Demo of the regression task: label interest_rate", "mlcycle summary",
                "Dataset loan-applications-interest-rate (regression task, label interest_rate)", "RMSE", "MAE");
        Dataset<Row> predictions = table(task, "gold/predictions");
        assertThat(predictions.columns()).contains("prediction").doesNotContain("probability", "predicted_label", "probabilities");
        assertThat(predictions.count()).isEqualTo(EVENTS);
        List<Double> rates = predictions.select("prediction").collectAsList().stream().map(row -> row.getDouble(0)).toList();
        assertThat(rates).allSatisfy(rate -> assertThat(rate).as("a rate in percent a year").isFinite().isBetween(-10.0, 60.0));
        assertAlertAndRetrain(task, output);
    }

    /** An alert against version 1 in a drifted window, and a retrained version 2 registered from a retrain run. */
    private static void assertAlertAndRetrain(String task, String output) {
        assertThat(table(task, "gold/alerts").filter(col("model_version").equalTo("1")).count()).as("alerts against version 1").isPositive();
        assertThat(output).contains("drift alert: ");
        MlflowRestClient mlflow = mlflow();
        List<ModelVersion> versions = new MlflowModelRegistry(mlflow).versions(task + "-model");
        assertThat(versions).extracting(ModelVersion::version).contains("1", "2");
        ModelVersion retrained = versions.stream().filter(version -> version.version().equals("2")).findFirst().orElseThrow();
        String runName = mlflow.get("runs/get", Map.of("run_id", retrained.runId())).path("run").path("info").path("run_name").asText();
        assertThat(runName).startsWith("retrain-");
        assertThat(output).containsPattern("\\[retrain\\] .*(promoted version 2|kept champion version 1)");
    }

    private static String runDemo(String task, String id) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("mlcycle.work-dir", required("mlcycle.it.work-dir"));
        overrides.put("mlcycle.stack.venv-dir", required("mlcycle.it.venv"));
        overrides.put("mlcycle.stack.kafka.classpath-dir", Path.of(required("mlcycle.test.repository-root"), "deploy", "kafka-broker", "target", "lib")
                .toAbsolutePath().normalize().toString());
        overrides.put("mlcycle.lake.root", id + "/lake");
        overrides.put("mlcycle.generator.output-dir", id + "/landing");
        overrides.put("mlcycle.scorer.checkpoint-dir", id + "/checkpoint");
        overrides.put("mlcycle.scorer.model-cache-dir", id + "/models");
        overrides.put("mlcycle.scorer.query-name", id + "-scorer");
        for (String topic : List.of("events", "predictions", "dead-letter", "alerts", "labels")) {
            overrides.put("mlcycle.kafka.topics." + topic, id + "-" + topic);
        }
        overrides.put("mlcycle.mlflow.experiment", id);
        overrides.put("mlcycle.mlflow.registered-model", id + "-model");
        overrides.put("mlcycle.generator.history-rows", String.valueOf(HISTORY_ROWS));
        overrides.put("mlcycle.demo.events-per-window", String.valueOf(PER_WINDOW));
        overrides.put("mlcycle.demo.clean-windows", String.valueOf(CLEAN_WINDOWS));
        overrides.put("mlcycle.demo.drifted-windows", String.valueOf(DRIFTED_WINDOWS));
        overrides.put("mlcycle.demo.after-retrain-windows", String.valueOf(AFTER_RETRAIN_WINDOWS));
        overrides.put("mlcycle.demo.malformed-events", "3");
        overrides.put("mlcycle.retrain.min-labeled-events", "200");
        overrides.put("mlcycle.scorer.trigger-interval", "1s");
        overrides.put("mlcycle.evaluation.bootstrap.replicates", "50");

        List<String> args = new ArrayList<>(List.of("--config", required("mlcycle.it.config")));
        overrides.forEach((key, value) -> args.add("-D" + key + "=" + value));
        args.addAll(List.of("demo", "--task", task));
        StringWriter out = new StringWriter();
        int exitCode = Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
        overrides.keySet().forEach(System::clearProperty);
        String output = out.toString();
        System.out.println(output);
        assertThat(exitCode).as(output).isZero();
        return output;
    }

    private static Dataset<Row> table(String id, String relative) {
        return spark.read().format("delta").load(Path.of(required("mlcycle.it.work-dir")).resolve(id).resolve("lake").resolve(relative).toString());
    }

    private static MlflowRestClient mlflow() {
        return new MlflowRestClient(URI.create(required("mlcycle.it.mlflow-uri")), Secret.empty(), Secret.empty(), Duration.ofSeconds(30),
                RetryPolicy.ofAttempts(3));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("System property " + property + " is not set. This end-to-end test runs against the local stack: run it with ./mlcycle test"
                    + " (or ./mlcycle test -- -pl cli -am -Dit.test=DemoTasksIT).");
        }
        return value;
    }
}
