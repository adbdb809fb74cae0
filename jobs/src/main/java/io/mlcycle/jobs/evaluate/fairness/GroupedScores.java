package io.mlcycle.jobs.evaluate.fairness;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per-group confusion counts and AUC-ROC of scored rows, each in one aggregation over all groups at once. Both are
 * exact and the same on every run and partitioning: the counts are integers, and the AUC's rank sum adds half-integers,
 * which a double holds exactly (below 2^52), so the order of the additions cannot change it.
 */
public final class GroupedScores {
    private static final String SCORE = "score";
    private static final String ROWS = "rows";
    private static final String POSITIVES = "positives";

    private GroupedScores() {}

    /** Confusion counts per value of {@code group} (a non-null string column). */
    public static Map<String, GroupCounts> counts(Dataset<Row> scored, Column group, double decisionThreshold) {
        Column predicted = ScoredRows.predictedPositive(decisionThreshold);
        Column actual = ScoredRows.actualPositive();
        Map<String, GroupCounts> counts = new LinkedHashMap<>();
        for (Row row : scored.groupBy(group.as("group")).agg(
                count(lit(1)),
                sum(when(actual, 1L).otherwise(0L)),
                sum(when(predicted, 1L).otherwise(0L)),
                sum(when(predicted.and(actual), 1L).otherwise(0L))).collectAsList()) {
            String name = row.getString(0);
            counts.put(name, new GroupCounts(name, row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)));
        }
        return counts;
    }

    /**
     * AUC-ROC per value of {@code group} that has both classes, exactly, by the rank-sum (Mann-Whitney) form:
     * {@code AUC = (R - P(P+1)/2) / (P N)}, R the sum of the positives' ranks by positive-class probability, tied
     * scores sharing their mean rank (a tie counts half, as the trapezoidal ROC area does). Unlike MLlib's
     * {@code BinaryClassificationEvaluator} it needs no filter per group and does not bin scores on large sets.
     */
    public static Map<String, Double> aucRoc(Dataset<Row> scored, Column group) {
        Dataset<Row> byScore = scored.groupBy(group.as("group"), ScoredRows.positiveProbability().as(SCORE))
                .agg(count(lit(1)).as(ROWS), sum(when(ScoredRows.actualPositive(), 1L).otherwise(0L)).as(POSITIVES));
        WindowSpec lowerScores = Window.partitionBy("group").orderBy(SCORE).rowsBetween(Window.unboundedPreceding(), -1);
        Column rowsBelow = coalesce(sum(ROWS).over(lowerScores), lit(0L));
        Column meanRank = rowsBelow.plus(col(ROWS).plus(1).divide(2.0));
        Map<String, Double> auc = new LinkedHashMap<>();
        for (Row row : byScore.withColumn("rank_sum", col(POSITIVES).multiply(meanRank))
                .groupBy("group").agg(sum("rank_sum"), sum(POSITIVES), sum(ROWS)).collectAsList()) {
            double rankSum = row.getDouble(1);
            long positives = row.getLong(2);
            long negatives = row.getLong(3) - positives;
            if (positives > 0 && negatives > 0) {
                auc.put(row.getString(0), (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives));
            }
        }
        return auc;
    }
}
