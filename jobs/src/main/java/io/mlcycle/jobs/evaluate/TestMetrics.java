package io.mlcycle.jobs.evaluate;

import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.dataset.TaskType;
import java.util.List;
import java.util.Locale;

/**
 * The MLflow names of a model's test metrics, shared by {@link ModelEvaluation} and the gate: every key starts with
 * {@value #PREFIX}, and a selection metric as configured ({@code auc-roc}, {@code f1}, {@code rmse}) maps to one key per
 * task. Multiclass {@code f1}, {@code precision} and {@code recall} are the support-weighted ones (as MLlib's evaluator
 * used in tuning); binary ones are the positive class's.
 */
public final class TestMetrics {
    public static final String PREFIX = "test_";

    private TestMetrics() {}

    /** The metric key of {@code selectionMetric} for {@code task}, e.g. {@code auc-roc} → {@code test_auc_roc}. */
    public static String key(TaskType task, String selectionMetric) {
        if (!TrainSettings.selectionMetrics(task).contains(selectionMetric)) {
            throw new IllegalArgumentException("Cannot name the test metric '" + selectionMetric + "' of a " + task.name().toLowerCase(Locale.ROOT)
                    + " task: use one of " + TrainSettings.selectionMetrics(task) + ".");
        }
        String base = selectionMetric.replace('-', '_');
        boolean weighted = task == TaskType.MULTICLASS && List.of("f1", "precision", "recall").contains(selectionMetric);
        return PREFIX + base + (weighted ? "_weighted" : "");
    }

    /** The headline metrics of a task (without prefix), in the order a report lists them. */
    static List<String> headline(TaskType task) {
        return switch (task) {
            case BINARY -> List.of("auc_roc", "auc_pr", "f1", "precision", "recall", "accuracy", "log_loss", "brier", "f1_macro",
                    "f1_weighted", "threshold", "rows");
            case MULTICLASS -> List.of("accuracy", "f1_weighted", "f1_macro", "precision_weighted", "recall_weighted", "log_loss", "brier", "rows");
            case REGRESSION -> List.of("rmse", "mae", "r2", "mape", "mape_excluded_rows", "median_absolute_error", "rows");
        };
    }
}
