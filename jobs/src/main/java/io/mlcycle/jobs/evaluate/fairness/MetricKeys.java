package io.mlcycle.jobs.evaluate.fairness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Metric-name parts made from data values (a column name, a category, a bucket). MLflow accepts letters, digits,
 * {@code _ - . / space} in a key; we keep letters, digits, {@code _ - .} and turn everything else into one underscore,
 * so keys stay readable in the UI and safe in every tracking backend.
 */
public final class MetricKeys {
    private MetricKeys() {}

    public static String sanitize(String value) {
        String safe = value.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        return safe.isEmpty() ? "blank" : safe;
    }

    /**
     * The sanitized form of each value, made unique in order: two values that sanitize alike (say "a b" and "a/b")
     * get "a_b" and "a_b_2", so no group's metric overwrites another's.
     */
    public static List<String> uniqueKeys(List<String> sanitized) {
        Set<String> taken = new HashSet<>();
        List<String> keys = new ArrayList<>();
        for (String key : sanitized) {
            String unique = key;
            for (int suffix = 2; !taken.add(unique); suffix++) {
                unique = key + "_" + suffix;
            }
            keys.add(unique);
        }
        return List.copyOf(keys);
    }
}
