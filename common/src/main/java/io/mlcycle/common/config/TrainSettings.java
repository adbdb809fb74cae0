package io.mlcycle.common.config;

import java.util.List;

/** Training: which MLlib algorithms, the seed, how the best model is chosen. */
public record TrainSettings(List<Algorithm> algorithms, long seed, SelectionMetric selectionMetric, double decisionThreshold) {
    public enum Algorithm { LOGISTIC_REGRESSION, RANDOM_FOREST, GBT }

    public enum SelectionMetric { AUC_ROC, F1, PRECISION, RECALL }

    public TrainSettings {
        algorithms = List.copyOf(algorithms);
        java.util.Objects.requireNonNull(selectionMetric, "selectionMetric is null");
    }

    public static TrainSettings read(ConfigReader reader) {
        return new TrainSettings(
                reader.choices("mlcycle.train.algorithms", Algorithm.class),
                reader.longAtLeast("mlcycle.train.seed", Long.MIN_VALUE),
                reader.choice("mlcycle.train.selection-metric", SelectionMetric.class),
                reader.doubleInRange("mlcycle.train.decision-threshold", 0.0, 1.0));
    }
}
