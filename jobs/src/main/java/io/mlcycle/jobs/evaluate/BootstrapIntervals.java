package io.mlcycle.jobs.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bootstrap intervals of an evaluation's headline metrics. {@code resampledRows} is the number of rows the
 * replicates were drawn from: all rows, or for a regression larger than the collection cap a seeded sample of
 * them (its intervals are then somewhat wider than the full set's would be).
 */
public record BootstrapIntervals(List<ConfidenceInterval> intervals, long resampledRows) {
    public BootstrapIntervals {
        intervals = List.copyOf(intervals);
    }

    public Optional<ConfidenceInterval> interval(String metric) {
        return intervals.stream().filter(interval -> interval.metric().equals(metric)).findFirst();
    }

    /** Every interval's {@code <prefix><metric>_ci_lower} and {@code _ci_upper}. */
    public Map<String, Double> asMetrics(String prefix) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        intervals.forEach(interval -> metrics.putAll(interval.asMetrics(prefix)));
        return Collections.unmodifiableMap(metrics);
    }
}
