package io.mlcycle.jobs.evaluate;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.features.FeatureFrames;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Binary classification metrics over scored rows: a 0/1 label and MLlib's probability vector, whose element 1
 * is the positive-class probability (the score). A row is predicted positive when its score is at least the
 * threshold, as in MLlib's {@code BinaryClassificationMetrics}; note MLlib's classifiers' own
 * {@code threshold} parameter predicts positive only above it.
 */
public final class BinaryMetrics {
    private BinaryMetrics() {}

    /** Chooses the decision threshold on validation rows by {@code rule}. */
    public static ChosenThreshold chooseThreshold(Dataset<Row> validation, ScoredColumns columns, ThresholdRule rule) {
        if (rule.criterion() == ThresholdRule.Criterion.FIXED) {
            return ChosenThreshold.fixed(rule.fixedThreshold());
        }
        return scoreTable(validation, columns).choose(rule);
    }

    /** Evaluates test rows at a threshold chosen beforehand (on validation rows). */
    public static BinaryEvaluation evaluate(Dataset<Row> scored, ScoredColumns columns, ChosenThreshold threshold) {
        ScoreTable table = scoreTable(scored, columns);
        requireRows(table);
        return BinaryEvaluation.of(table, threshold);
    }

    /**
     * Reduces the rows to one entry per distinct score in one aggregation, and checks the labels on the way.
     * The driver holds three numbers per distinct score.
     */
    static ScoreTable scoreTable(Dataset<Row> scored, ScoredColumns columns) {
        FeatureFrames.requireColumns(scored, columns.label(), columns.probability());
        Column label = col(columns.label());
        Column positive = label.equalTo(lit(1.0));
        Column negative = label.equalTo(lit(0.0));
        Column score = vector_to_array(col(columns.probability()), "float64").getItem(1);
        List<Row> cells = scored
                .groupBy(score.as("score"))
                .agg(sum(when(positive, 1L).otherwise(0L)).as("positives"),
                        sum(when(negative, 1L).otherwise(0L)).as("negatives"),
                        sum(when(positive.or(negative), 0L).otherwise(1L)).as("invalid"))
                .collectAsList();
        return toTable(cells, columns);
    }

    private static ScoreTable toTable(List<Row> cells, ScoredColumns columns) {
        long invalid = cells.stream().mapToLong(cell -> cell.getLong(3)).sum();
        if (invalid > 0) {
            throw new IllegalArgumentException("Cannot evaluate binary classification: " + invalid + " rows have a "
                    + columns.label() + " other than 0 or 1 (or null). Use MulticlassMetrics for more classes.");
        }
        if (cells.stream().anyMatch(cell -> cell.isNullAt(0) || Double.isNaN(cell.getDouble(0)))) {
            throw new IllegalArgumentException("Cannot evaluate binary classification: some rows have a null or NaN "
                    + columns.probability() + "[1]. Check that the model scored every row.");
        }
        Row[] sorted = cells.toArray(Row[]::new);
        Arrays.sort(sorted, Comparator.comparingDouble((Row cell) -> cell.getDouble(0)).reversed());
        double[] scores = new double[sorted.length];
        long[] positives = new long[sorted.length];
        long[] negatives = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            scores[i] = sorted[i].getDouble(0);
            positives[i] = sorted[i].getLong(1);
            negatives[i] = sorted[i].getLong(2);
        }
        return new ScoreTable(scores, positives, negatives);
    }

    static void requireRows(ScoreTable table) {
        if (table.rows() == 0) {
            throw new IllegalArgumentException("Cannot evaluate a model on no rows: the evaluation set is empty. "
                    + "Check the split settings and that the table has data.");
        }
    }
}
