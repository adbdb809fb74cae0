package io.mlcycle.jobs.evaluate;

import java.util.Arrays;
import java.util.Objects;

/**
 * How the decision threshold on the positive-class probability is chosen on validation rows.
 *
 * <ul>
 *   <li>{@code max-f1}: the threshold with the highest F1 of the positive class;
 *   <li>{@code max-youden}: the highest Youden's J, true-positive rate minus false-positive rate;
 *   <li>{@code min-cost}: the lowest mean cost per row, {@code falsePositiveCost * FP + falseNegativeCost * FN} over rows;
 *   <li>{@code fixed}: the given {@code fixedThreshold}.
 * </ul>
 *
 * Costs are only read by {@code min-cost}, the fixed threshold only by {@code fixed}.
 */
public record ThresholdRule(Criterion criterion, double falsePositiveCost, double falseNegativeCost, double fixedThreshold) {

    public enum Criterion {
        MAX_F1("max-f1"),
        MAX_YOUDEN("max-youden"),
        MIN_COST("min-cost"),
        FIXED("fixed");

        private final String configName;

        Criterion(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Criterion fromConfigName(String name) {
            return Arrays.stream(values())
                    .filter(criterion -> criterion.configName.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Cannot choose a threshold by criterion: " + name
                            + ". Use one of " + Arrays.stream(values()).map(Criterion::configName).toList() + "."));
        }
    }

    public ThresholdRule {
        Objects.requireNonNull(criterion, "criterion");
        if (!(falsePositiveCost >= 0) || !(falseNegativeCost >= 0) || Double.isInfinite(falsePositiveCost)
                || Double.isInfinite(falseNegativeCost)) {
            throw new IllegalArgumentException("Cannot choose a threshold with costs: false positive " + falsePositiveCost
                    + ", false negative " + falseNegativeCost + ". Costs must be finite and not negative.");
        }
        if (criterion == Criterion.MIN_COST && falsePositiveCost + falseNegativeCost == 0) {
            throw new IllegalArgumentException("Cannot choose a threshold by min-cost with both costs 0: every threshold ties. "
                    + "Give a positive false-positive or false-negative cost.");
        }
        if (criterion == Criterion.FIXED && !(fixedThreshold >= 0 && fixedThreshold <= 1)) {
            throw new IllegalArgumentException("Cannot use fixed threshold: " + fixedThreshold + ". It must lie in [0, 1].");
        }
    }

    public static ThresholdRule maxF1() {
        return new ThresholdRule(Criterion.MAX_F1, 0, 0, Double.NaN);
    }

    public static ThresholdRule maxYouden() {
        return new ThresholdRule(Criterion.MAX_YOUDEN, 0, 0, Double.NaN);
    }

    public static ThresholdRule minCost(double falsePositiveCost, double falseNegativeCost) {
        return new ThresholdRule(Criterion.MIN_COST, falsePositiveCost, falseNegativeCost, Double.NaN);
    }

    public static ThresholdRule fixed(double threshold) {
        return new ThresholdRule(Criterion.FIXED, 0, 0, threshold);
    }
}
