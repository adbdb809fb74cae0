package io.mlcycle.jobs.summary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.Job;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Prints what a cycle produced: rows per table, the registered versions with their test metrics and aliases,
 * the drift verdict of every evaluated window, when each model version started serving and its share of
 * the predictions, the dead letters by reason, and where to look in the MLflow UI.
 */
public final class SummaryJob implements Job {
    private final SparkSession spark;
    private final SummaryJobConfig config;
    private final ModelRegistry registry;
    private final MlflowRestClient mlflow;
    private final PrintStream out;

    public SummaryJob(SparkSession spark, SummaryJobConfig config, ModelRegistry registry, MlflowRestClient mlflow, PrintStream out) {
        this.spark = spark;
        this.config = config;
        this.registry = registry;
        this.mlflow = mlflow;
        this.out = out;
    }

    @Override
    public void run() {
        out.println();
        out.println("================ mlcycle summary ================");
        out.println("Dataset " + config.dataset().name() + " (" + config.dataset().task().name().toLowerCase(java.util.Locale.ROOT) + " task, label "
                + config.dataset().labelColumn() + ")");
        tables();
        models();
        drift();
        serving();
        deadLetters();
        String ui = config.mlflow().trackingUri().toString().replaceAll("/$", "");
        out.println();
        out.println("MLflow UI: " + ui + "  (runs: Experiments > " + config.mlflow().experiment() + "; models: Models > "
                + config.mlflow().registeredModel() + ")");
        out.println("=================================================");
    }

    private void tables() {
        out.println("Tables (rows, latest version):");
        Map<String, String> tables = new LinkedHashMap<>();
        config.dataset().sources().forEach(source -> tables.put("bronze " + source.name(), config.lake().bronzeTable(source.name())));
        tables.put("silver", config.lake().silverTable());
        tables.put("quarantine", config.lake().quarantineTable());
        tables.put("features", config.lake().featuresTable());
        tables.put("predictions", config.lake().predictionsTable());
        tables.put("dead letters", config.lake().deadLetterTable());
        tables.put("drift metrics", config.lake().driftTable());
        tables.put("alerts", config.lake().alertsTable());
        tables.put("ingestion log", config.lake().ingestionLogTable());
        tables.forEach((name, path) -> out.printf("  %-14s %s%n", name, table(path)
                .map(rows -> String.format("%8d rows, version %d", rows.count(), DeltaTables.latestVersion(spark, path)))
                .orElse("(not written)")));
    }

    private void models() {
        String name = config.mlflow().registeredModel();
        out.println("Model versions of " + name + ":");
        Optional<ModelVersion> champion = registry.versionByAlias(name, config.mlflow().championAlias());
        for (ModelVersion version : registry.versions(name).stream()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a.version()), Integer.parseInt(b.version()))).toList()) {
            JsonNode run = mlflow.get("runs/get", Map.of("run_id", version.runId())).path("run");
            String marker = champion.map(c -> c.version().equals(version.version()) ? "  <- " + config.mlflow().championAlias() : "").orElse("");
            StringBuilder metrics = new StringBuilder();
            headline().forEach(entry -> metrics.append(entry.getKey()).append(' ').append(metric(run, entry.getValue())).append("  "));
            out.printf("  v%-3s %-8s %-26s %s(run %s)%s%n", version.version(), tag(run, "mlcycle.stage"),
                    tag(run, "mlflow.runName"), metrics, version.runId(), marker);
        }
    }

    /** The two test metrics each version shows, by the dataset's task: label to MLflow metric name. */
    private List<Map.Entry<String, String>> headline() {
        return switch (config.dataset().task()) {
            case BINARY -> List.of(Map.entry("AUC-ROC", "test_auc_roc"), Map.entry("F1", "test_f1"));
            case MULTICLASS -> List.of(Map.entry("accuracy", "test_accuracy"), Map.entry("F1 (weighted)", "test_f1_weighted"));
            case REGRESSION -> List.of(Map.entry("RMSE", "test_rmse"), Map.entry("MAE", "test_mae"));
        };
    }

    private void drift() {
        Optional<Dataset<Row>> drift = table(config.lake().driftTable());
        if (drift.isEmpty()) {
            out.println("Drift: no window evaluated yet");
            return;
        }
        out.println("Drift per window (PSI threshold " + drift.get().select(max("threshold")).head().get(0) + "):");
        List<Row> windows = drift.get()
                .groupBy(col("window_start"), col("window_end"), col("model_version"))
                .agg(max("value").as("max_psi"), max("events").as("events"),
                        collect_list(when(col("drifted"), concat(col("feature"), lit(" "), format_number(col("value"), 2)))).as("alerts"))
                .orderBy("window_start", "model_version").collectAsList();
        for (Row window : windows) {
            List<String> alerts = window.getList(5);
            out.printf("  %s .. %s  v%-3s %5d events  %s%n", window.getTimestamp(0), window.getTimestamp(1), window.getString(2), window.getLong(4),
                    alerts.isEmpty() ? String.format("ok (max PSI %.3f)", window.getDouble(3)) : "ALERT " + String.join(", ", alerts));
        }
    }

    private void serving() {
        Optional<Dataset<Row>> predictions = table(config.lake().predictionsTable());
        if (predictions.isEmpty()) {
            return;
        }
        long total = predictions.get().count();
        out.println("Predictions by model version (the scorer switched versions without a restart):");
        for (Row row : predictions.get().groupBy("model_version")
                .agg(count(lit(1)), min("scored_at"), min(config.dataset().timeColumn()), max(config.dataset().timeColumn()))
                .orderBy("model_version").collectAsList()) {
            out.printf("  v%-3s %7d predictions (%5.1f%%), first served at %s, events %s .. %s%n", row.getString(0), row.getLong(1),
                    100.0 * row.getLong(1) / total, row.getTimestamp(2), row.getTimestamp(3), row.getTimestamp(4));
        }
        long distinct = predictions.get().select(config.dataset().idColumn()).distinct().count();
        out.printf("  %d predictions for %d distinct event ids%n", total, distinct);
    }

    private void deadLetters() {
        table(config.lake().deadLetterTable()).ifPresent(letters -> {
            out.println("Dead letters by reason:");
            for (Row row : letters.groupBy("rejection_reason").count().orderBy(col("count").desc()).limit(10).collectAsList()) {
                out.printf("  %5d  %s%n", row.getLong(1), row.getString(0));
            }
        });
    }

    private Optional<Dataset<Row>> table(String path) {
        return DeltaTables.exists(spark, path) ? Optional.of(spark.read().format("delta").load(path)) : Optional.empty();
    }

    private static String tag(JsonNode run, String key) {
        for (JsonNode tag : run.path("data").path("tags")) {
            if (key.equals(tag.path("key").asText())) {
                return tag.path("value").asText();
            }
        }
        return "-";
    }

    private static String metric(JsonNode run, String key) {
        for (JsonNode metric : run.path("data").path("metrics")) {
            if (key.equals(metric.path("key").asText())) {
                return String.format("%.4f", metric.path("value").asDouble());
            }
        }
        return "  -   ";
    }
}
