package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * One hyperparameter candidate of a training run: its algorithm, its 1-based number within that algorithm's grid, its
 * parameters and its validation metric (NaN when the validation gave none).
 */
public record CandidateScore(String algorithm, int number, Map<String, String> params, double validationMetric) {
    public CandidateScore {
        requireNonNull(algorithm, "algorithm is null");
        if (number < 1) {
            throw new IllegalArgumentException("Cannot number candidate " + number + " of " + algorithm + ": numbers start at 1");
        }
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** How charts and tables name it, e.g. {@code random-forest #3}. */
    public String label() {
        return algorithm + " #" + number;
    }
}
