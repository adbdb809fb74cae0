package io.mlcycle.jobs.evaluate.fairness;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.mlcycle.common.features.FeatureFrames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The columns of a scored binary-classification set as the evaluation needs them. A row is predicted positive when its
 * positive-class probability exceeds the decision threshold, the rule {@code ClassificationMetrics} and MLlib's own
 * {@code prediction} use, so that with a configured threshold other than 0.5 sliced and fairness figures still agree
 * with the headline metrics.
 */
public final class ScoredRows {
    public static final String PROBABILITY_COLUMN = "probability";

    private ScoredRows() {}

    public static void requireScored(Dataset<Row> scored) {
        FeatureFrames.requireColumns(scored, PROBABILITY_COLUMN, FeatureFrames.LABEL_COLUMN);
    }

    /** The positive-class probability, {@code probability[1]}, as a double. */
    public static Column positiveProbability() {
        return vector_to_array(col(PROBABILITY_COLUMN), "float64").getItem(1);
    }

    public static Column predictedPositive(double decisionThreshold) {
        return positiveProbability().gt(lit(decisionThreshold));
    }

    public static Column actualPositive() {
        return col(FeatureFrames.LABEL_COLUMN).equalTo(lit(1.0));
    }

    public static void requireThreshold(double decisionThreshold) {
        if (!(decisionThreshold >= 0.0 && decisionThreshold <= 1.0)) {
            throw new IllegalArgumentException("Cannot evaluate with decision threshold " + decisionThreshold
                    + ": it must lie in [0, 1]. Check mlcycle.train.decision-threshold.");
        }
    }
}
