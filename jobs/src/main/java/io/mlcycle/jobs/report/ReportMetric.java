package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A metric of the evaluation, with a confidence interval when the caller estimated one (e.g. by bootstrap). */
public record ReportMetric(String name, double value, Optional<ConfidenceInterval> interval) {
    public ReportMetric {
        requireNonNull(name, "name is null");
        requireNonNull(interval, "interval is null");
    }

    /** The interval {@code [lower, upper]} that holds the metric's true value with probability {@code level}. */
    public record ConfidenceInterval(double lower, double upper, double level) {
        public ConfidenceInterval {
            if (!(lower <= upper)) {
                throw new IllegalArgumentException("Cannot use confidence interval [" + lower + ", " + upper + "]: need lower <= upper");
            }
            if (!(level > 0 && level < 1)) {
                throw new IllegalArgumentException("Cannot use confidence level " + level + ": need more than 0 and less than 1, e.g. 0.95");
            }
        }
    }
}
