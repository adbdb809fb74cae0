package io.mlcycle.common.config;

/** Retraining after a drift alert, and the comparison that decides a promotion. */
public record RetrainSettings(long minLabeledEvents, double holdoutFraction, double minImprovement) {
    public static RetrainSettings read(ConfigReader reader) {
        return new RetrainSettings(
                reader.longAtLeast("mlcycle.retrain.min-labeled-events", 10),
                reader.doubleInRange("mlcycle.retrain.holdout-fraction", 0.05, 0.9),
                reader.doubleInRange("mlcycle.retrain.min-improvement", -1.0, 1.0));
    }
}
