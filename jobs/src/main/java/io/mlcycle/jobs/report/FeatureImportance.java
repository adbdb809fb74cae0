package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

/** How much a model relies on one feature (a tree ensemble's importance, or a linear model's coefficient). */
public record FeatureImportance(String name, double importance) {
    public FeatureImportance {
        requireNonNull(name, "name is null");
        if (!Double.isFinite(importance)) {
            throw new IllegalArgumentException("Cannot chart the importance of feature " + name + ": " + importance + " is not a finite number");
        }
    }
}
