package io.mlcycle.jobs.evaluate;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.get;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.features.FeatureFrames;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Multiclass classification metrics over scored rows: a label and a prediction (class indices 0, 1, ... as
 * doubles) and MLlib's probability vector, indexed by class. One aggregation per (label, prediction) cell.
 */
public final class MulticlassMetrics {
    private static final String PROBABILITIES = "__evaluate_probabilities";

    private MulticlassMetrics() {}

    public static MulticlassEvaluation evaluate(Dataset<Row> scored, ScoredColumns columns) {
        List<Row> cells = aggregateCells(scored, columns);
        ConfusionCells confusion = confusionCells(cells);
        long rows = confusion.rows();
        if (rows == 0) {
            throw new IllegalArgumentException("Cannot evaluate a model on no rows: the evaluation set is empty. "
                    + "Check the split settings and that the table has data.");
        }
        double logLoss = cells.stream().mapToDouble(cell -> cell.getDouble(3)).sum() / rows;
        double brierScore = cells.stream().mapToDouble(cell -> cell.getDouble(4)).sum() / rows;
        return confusion.evaluation(logLoss, brierScore);
    }

    /** The confusion matrix only (no probabilities needed), for the bootstrap. */
    static ConfusionCells confusionCells(Dataset<Row> scored, ScoredColumns columns) {
        return confusionCells(aggregateCells(scored, columns));
    }

    /** Rows of (label, prediction, rows, log-loss sum, Brier sum, invalid rows); fails on invalid rows. */
    private static List<Row> aggregateCells(Dataset<Row> scored, ScoredColumns columns) {
        List<Row> cells = aggregateAllCells(scored, columns);
        long invalid = cells.stream().mapToLong(cell -> cell.getLong(5)).sum();
        if (invalid > 0) {
            throw new IllegalArgumentException("Cannot evaluate multiclass classification: " + invalid + " rows have a "
                    + columns.label() + " that is not a class index of their " + columns.probability()
                    + " vector, or a null " + columns.label() + ", " + columns.prediction() + " or "
                    + columns.probability() + ". Index the labels as the model's pipeline does.");
        }
        return cells;
    }

    private static List<Row> aggregateAllCells(Dataset<Row> scored, ScoredColumns columns) {
        FeatureFrames.requireColumns(scored, columns.label(), columns.prediction(), columns.probability());
        Column label = col(columns.label());
        Column classIndex = label.cast("int");
        Column trueProbability = get(col(PROBABILITIES), classIndex);
        Column clipped = least(greatest(trueProbability, lit(ScoreTable.PROBABILITY_CLIP)), lit(1 - ScoreTable.PROBABILITY_CLIP));
        // sum over classes of (p_c - [c = label])^2 = sum of p_c^2 - 2 p_label + 1
        Column squares = expr("aggregate(" + PROBABILITIES + ", 0D, (total, p) -> total + p * p)");
        Column brier = squares.minus(trueProbability.multiply(2)).plus(1);
        Column valid = label.isNotNull().and(col(columns.prediction()).isNotNull()).and(label.geq(0))
                .and(classIndex.cast("double").equalTo(label)).and(trueProbability.isNotNull());
        return scored
                .withColumn(PROBABILITIES, vector_to_array(col(columns.probability()), "float64"))
                .groupBy(label.cast("double").as("label"), col(columns.prediction()).cast("double").as("prediction"))
                .agg(count(lit(1)).as("rows"),
                        sum(when(valid, log(clipped).multiply(-1.0)).otherwise(0.0)).as("log_loss"),
                        sum(when(valid, brier).otherwise(0.0)).as("brier"),
                        sum(when(valid, 0L).otherwise(1L)).as("invalid"))
                .collectAsList();
    }

    private static ConfusionCells confusionCells(List<Row> cells) {
        TreeSet<Double> seen = new TreeSet<>();
        for (Row cell : cells) {
            if (!cell.isNullAt(0) && !cell.isNullAt(1)) {
                seen.add(cell.getDouble(0));
                seen.add(cell.getDouble(1));
            }
        }
        double[] labels = seen.stream().mapToDouble(Double::doubleValue).toArray();
        long[][] counts = new long[labels.length][labels.length];
        for (Row cell : cells) {
            if (!cell.isNullAt(0) && !cell.isNullAt(1)) {
                counts[seen.headSet(cell.getDouble(0)).size()][seen.headSet(cell.getDouble(1)).size()] += cell.getLong(2);
            }
        }
        return new ConfusionCells(labels, counts);
    }
}
