package io.mlcycle.jobs.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A percentile bootstrap interval of one metric: the point estimate on all rows, and the lower and upper
 * quantiles (at (1 - level) / 2 and (1 + level) / 2) of the metric over the replicates that defined it.
 * {@code replicates} counts those replicates; a replicate can leave a metric undefined (an AUC of a resample
 * without positives), and such replicates are left out.
 */
public record ConfidenceInterval(String metric, double estimate, double lower, double upper, double level, int replicates) {
    public ConfidenceInterval {
        Objects.requireNonNull(metric, "metric");
    }

    public double width() {
        return upper - lower;
    }

    /** {@code <prefix><metric>_ci_lower} and {@code _ci_upper}, e.g. {@code test_auc_roc_ci_lower}. */
    public Map<String, Double> asMetrics(String prefix) {
        MetricNames.requireSafePrefix(prefix);
        Map<String, Double> metrics = new LinkedHashMap<>();
        MetricNames.putFinite(metrics, prefix + metric + "_ci_lower", lower);
        MetricNames.putFinite(metrics, prefix + metric + "_ci_upper", upper);
        return Collections.unmodifiableMap(metrics);
    }
}
