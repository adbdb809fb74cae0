package io.mlcycle.jobs.evaluate.robustness;

import static org.apache.spark.sql.functions.lit;

import io.mlcycle.jobs.evaluate.fairness.GroupCounts;
import io.mlcycle.jobs.evaluate.fairness.GroupedScores;
import io.mlcycle.jobs.evaluate.fairness.ScoredRows;
import io.mlcycle.jobs.train.ClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@link ClassificationMetrics} computed exactly and reproducibly: confusion counts, and AUC-ROC by rank sum.
 * MLlib's {@code BinaryClassificationEvaluator} (what {@code ClassificationMetrics.of} uses) sums floating-point areas
 * in an order that varies between runs, so two evaluations of the same rows can differ in the last bit, and it bins
 * scores on large sets; a drop computed from it would not repeat exactly. Same definitions otherwise: precision,
 * recall and F1 are 0 where undefined; AUC-ROC is NaN when the rows have one class only.
 */
public final class ExactMetrics {
    private static final String ALL = "all";

    private ExactMetrics() {}

    /** Confusion counts at {@code decisionThreshold} (score above it) and rank-sum AUC-ROC over all rows: exact, so repeats agree. */
    public static ClassificationMetrics of(Dataset<Row> scored, double decisionThreshold) {
        ScoredRows.requireScored(scored);
        Column everyRow = lit(ALL);
        GroupCounts counts = GroupedScores.counts(scored, everyRow, decisionThreshold).get(ALL);
        if (counts == null) {
            throw new IllegalArgumentException("Cannot evaluate a model on no rows: the model returned no scored rows. "
                    + "Check that the test rows are not empty and that the pipeline does not drop rows (handleInvalid = skip).");
        }
        double auc = GroupedScores.aucRoc(scored, everyRow).getOrDefault(ALL, Double.NaN);
        double precision = ratio(counts.truePositives(), counts.predictedPositives());
        double recall = ratio(counts.truePositives(), counts.positives());
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new ClassificationMetrics(counts.rows(), ratio(counts.truePositives() + counts.trueNegatives(), counts.rows()),
                precision, recall, f1, auc);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
