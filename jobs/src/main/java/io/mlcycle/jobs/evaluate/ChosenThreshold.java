package io.mlcycle.jobs.evaluate;

import java.util.Objects;

/**
 * A decision threshold and the value of the criterion that chose it, on the rows it was chosen on (F1, Youden's J
 * or mean cost per row; NaN for a fixed threshold, which no criterion chose).
 */
public record ChosenThreshold(double threshold, ThresholdRule.Criterion criterion, double criterionValue) {
    public ChosenThreshold {
        Objects.requireNonNull(criterion, "criterion");
    }

    /** A threshold given, not chosen: criterion {@code fixed}, no criterion value. */
    public static ChosenThreshold fixed(double threshold) {
        return new ChosenThreshold(threshold, ThresholdRule.Criterion.FIXED, Double.NaN);
    }
}
