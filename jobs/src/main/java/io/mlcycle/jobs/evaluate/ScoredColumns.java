package io.mlcycle.jobs.evaluate;

import java.util.Objects;

/**
 * The columns of scored rows that the metrics read: the true label (a double class index or target), the
 * model's prediction (a double), and for classifiers the probability vector that MLlib's classifiers output.
 */
public record ScoredColumns(String label, String prediction, String probability) {
    public ScoredColumns {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(probability, "probability");
    }

    /** MLlib's default column names: {@code label}, {@code prediction}, {@code probability}. */
    public static ScoredColumns defaults() {
        return new ScoredColumns("label", "prediction", "probability");
    }
}
