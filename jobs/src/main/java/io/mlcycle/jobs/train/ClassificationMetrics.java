package io.mlcycle.jobs.train;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.config.TrainSettings.SelectionMetric;
import io.mlcycle.common.features.FeatureFrames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Binary classification metrics of scored rows (a {@code probability} vector and a {@code label}). */
public record ClassificationMetrics(long rows, double accuracy, double precision, double recall, double f1, double aucRoc) {
    public static final String PROBABILITY_COLUMN = "probability";

    /**
     * Computes the metrics with {@code threshold} on the positive-class probability. Precision, recall and
     * F1 are 0 when undefined (no predicted or no actual positives).
     */
    public static ClassificationMetrics of(Dataset<Row> scored, double threshold) {
        FeatureFrames.requireColumns(scored, PROBABILITY_COLUMN, FeatureFrames.LABEL_COLUMN);
        Column positive = vector_to_array(col(PROBABILITY_COLUMN), "float64").getItem(1).gt(lit(threshold));
        Column actual = col(FeatureFrames.LABEL_COLUMN).equalTo(lit(1.0));
        Row counts = scored.agg(
                count(lit(1)),
                sum(when(positive.and(actual), 1).otherwise(0)),
                sum(when(positive.and(actual.unary_$bang()), 1).otherwise(0)),
                sum(when(positive.unary_$bang().and(actual), 1).otherwise(0)),
                sum(when(positive.unary_$bang().and(actual.unary_$bang()), 1).otherwise(0))).head();
        long rows = counts.getLong(0);
        if (rows == 0) {
            throw new IllegalArgumentException("Cannot evaluate a model on no rows: the evaluation set is empty. "
                    + "Check the split settings and that the table has data.");
        }
        long tp = counts.getLong(1);
        long fp = counts.getLong(2);
        long fn = counts.getLong(3);
        long tn = counts.getLong(4);
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double auc = new BinaryClassificationEvaluator()
                .setRawPredictionCol(PROBABILITY_COLUMN)
                .setLabelCol(FeatureFrames.LABEL_COLUMN)
                .setMetricName("areaUnderROC")
                .evaluate(scored);
        return new ClassificationMetrics(rows, ratio(tp + tn, rows), precision, recall, f1, auc);
    }

    public double value(SelectionMetric metric) {
        return switch (metric) {
            case AUC_ROC -> aucRoc;
            case F1 -> f1;
            case PRECISION -> precision;
            case RECALL -> recall;
        };
    }

    /** The metrics under MLflow-style names, each with {@code prefix} (e.g. "test_"). */
    public Map<String, Double> asMap(String prefix) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "rows", (double) rows);
        metrics.put(prefix + "accuracy", accuracy);
        metrics.put(prefix + "precision", precision);
        metrics.put(prefix + "recall", recall);
        metrics.put(prefix + "f1", f1);
        metrics.put(prefix + "auc_roc", aucRoc);
        return metrics;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
