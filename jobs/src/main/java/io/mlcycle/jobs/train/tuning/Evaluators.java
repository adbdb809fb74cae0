package io.mlcycle.jobs.train.tuning;

import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;

/**
 * The MLlib evaluator behind a selection metric of a task, as written in config ({@code auc-roc}, {@code f1}, {@code rmse},
 * ...). Binary F1, precision and recall are those of the positive class (label 1); multiclass ones are weighted over
 * the classes.
 */
public final class Evaluators {
    private static final Map<TaskType, List<String>> METRICS = Map.of(
            TaskType.BINARY, List.of("auc-roc", "auc-pr", "f1", "precision", "recall", "accuracy", "log-loss"),
            TaskType.MULTICLASS, List.of("f1", "accuracy", "precision", "recall", "log-loss"),
            TaskType.REGRESSION, List.of("rmse", "mae", "r2"));

    private Evaluators() {}

    /** The selection metrics a task can use. */
    public static List<String> metrics(TaskType task) {
        return METRICS.get(task);
    }

    /** The evaluator of {@code metric}; binary AUCs read MLlib's default {@code rawPrediction} column. */
    public static Evaluator of(TaskType task, String metric) {
        return of(task, metric, "rawPrediction");
    }

    /**
     * The evaluator of {@code metric}, binary AUCs ranking rows by element 1 of {@code scoreColumn}. Give {@code probability}
     * for probabilistic classifiers: a decision tree's {@code rawPrediction} holds its leaf's class counts, whose element 1
     * does not order rows by their positive-class probability (a large mixed leaf outranks a small pure one).
     */
    public static Evaluator of(TaskType task, String metric, String scoreColumn) {
        if (!metrics(task).contains(metric)) {
            throw new IllegalArgumentException("Cannot select models by '" + metric + "' for a " + task.name().toLowerCase(java.util.Locale.ROOT)
                    + " task: use one of " + metrics(task) + ".");
        }
        String label = FeatureFrames.LABEL_COLUMN;
        return switch (task) {
            case BINARY -> switch (metric) {
                case "auc-roc" -> new BinaryClassificationEvaluator().setLabelCol(label).setRawPredictionCol(scoreColumn).setMetricName("areaUnderROC");
                case "auc-pr" -> new BinaryClassificationEvaluator().setLabelCol(label).setRawPredictionCol(scoreColumn).setMetricName("areaUnderPR");
                case "f1" -> multiclass("fMeasureByLabel").setMetricLabel(1.0);
                case "precision" -> multiclass("precisionByLabel").setMetricLabel(1.0);
                case "recall" -> multiclass("recallByLabel").setMetricLabel(1.0);
                case "accuracy" -> multiclass("accuracy");
                default -> multiclass("logLoss");
            };
            case MULTICLASS -> switch (metric) {
                case "f1" -> multiclass("f1");
                case "accuracy" -> multiclass("accuracy");
                case "precision" -> multiclass("weightedPrecision");
                case "recall" -> multiclass("weightedRecall");
                default -> multiclass("logLoss");
            };
            case REGRESSION -> new RegressionEvaluator().setLabelCol(label).setMetricName(metric);
        };
    }

    private static MulticlassClassificationEvaluator multiclass(String name) {
        return new MulticlassClassificationEvaluator().setLabelCol(FeatureFrames.LABEL_COLUMN).setMetricName(name);
    }
}
