package io.mlcycle.jobs.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Regression metrics. MAPE is the mean of |error| / |label| (a fraction, not a percentage) over the rows whose
 * |label| is at least the evaluation's epsilon; {@code mapeExcludedRows} counts the others. When every row is
 * excluded MAPE is NaN and {@code mapeUndefinedReason} says why. R² is NaN when the labels are constant.
 */
public record RegressionEvaluation(
        long rows,
        double rmse,
        double mae,
        double r2,
        double mape,
        long mapeExcludedRows,
        Optional<String> mapeUndefinedReason,
        double medianAbsoluteError) {

    public RegressionEvaluation {
        Objects.requireNonNull(mapeUndefinedReason, "mapeUndefinedReason");
    }

    /**
     * {@code <prefix>rmse}, {@code mae}, {@code r2}, {@code mape}, {@code mape_excluded_rows},
     * {@code median_absolute_error}, {@code rows}; NaN values are left out.
     */
    public Map<String, Double> asMetrics(String prefix) {
        MetricNames.requireSafePrefix(prefix);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "rows", (double) rows);
        MetricNames.putFinite(metrics, prefix + "rmse", rmse);
        MetricNames.putFinite(metrics, prefix + "mae", mae);
        MetricNames.putFinite(metrics, prefix + "r2", r2);
        MetricNames.putFinite(metrics, prefix + "mape", mape);
        metrics.put(prefix + "mape_excluded_rows", (double) mapeExcludedRows);
        MetricNames.putFinite(metrics, prefix + "median_absolute_error", medianAbsoluteError);
        return Collections.unmodifiableMap(metrics);
    }
}
