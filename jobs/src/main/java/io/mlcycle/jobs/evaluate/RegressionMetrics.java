package io.mlcycle.jobs.evaluate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_pop;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.features.FeatureFrames;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Regression metrics over scored rows (a double label and a double prediction), in one aggregation. */
public final class RegressionMetrics {
    /** Labels smaller than this in absolute value are left out of MAPE unless the caller gives another epsilon. */
    public static final double DEFAULT_MAPE_EPSILON = 1e-9;

    private RegressionMetrics() {}

    public static RegressionEvaluation evaluate(Dataset<Row> scored, ScoredColumns columns) {
        return evaluate(scored, columns, DEFAULT_MAPE_EPSILON);
    }

    public static RegressionEvaluation evaluate(Dataset<Row> scored, ScoredColumns columns, double mapeEpsilon) {
        requireEpsilon(mapeEpsilon);
        FeatureFrames.requireColumns(scored, columns.label(), columns.prediction());
        Column label = col(columns.label());
        Column error = col(columns.prediction()).minus(label);
        Column includedInMape = abs(label).geq(lit(mapeEpsilon));
        Row totals = scored
                .where(label.isNotNull().and(col(columns.prediction()).isNotNull()))
                .agg(count(lit(1)),
                        avg(error.multiply(error)),
                        avg(abs(error)),
                        var_pop(label),
                        sum(when(includedInMape, abs(error).divide(abs(label)))),
                        sum(when(includedInMape, 1L).otherwise(0L)),
                        percentile(abs(error), lit(0.5)))
                .head();
        long rows = totals.getLong(0);
        if (rows == 0) {
            throw new IllegalArgumentException("Cannot evaluate a model on no rows: the evaluation set has no rows with "
                    + "both " + columns.label() + " and " + columns.prediction() + ". Check the split settings.");
        }
        double meanSquaredError = totals.getDouble(1);
        double labelVariance = totals.getDouble(3);
        long mapeRows = totals.getLong(5);
        return new RegressionEvaluation(
                rows,
                Math.sqrt(meanSquaredError),
                totals.getDouble(2),
                labelVariance == 0 ? Double.NaN : 1 - meanSquaredError / labelVariance,
                mapeRows == 0 ? Double.NaN : totals.getDouble(4) / mapeRows,
                rows - mapeRows,
                mapeRows == 0 ? Optional.of(mapeUndefinedReason(rows, mapeEpsilon)) : Optional.empty(),
                totals.getDouble(6));
    }

    static String mapeUndefinedReason(long rows, double mapeEpsilon) {
        return "MAPE is undefined: all " + rows + " rows have |label| < " + mapeEpsilon
                + ", and a percentage error divides by the label";
    }

    static void requireEpsilon(double mapeEpsilon) {
        if (!(mapeEpsilon > 0) || Double.isInfinite(mapeEpsilon)) {
            throw new IllegalArgumentException("Cannot exclude near-zero labels from MAPE with epsilon: " + mapeEpsilon
                    + ". It must be positive and finite.");
        }
    }
}
