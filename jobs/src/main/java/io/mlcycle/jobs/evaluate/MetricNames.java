package io.mlcycle.jobs.evaluate;

import java.util.Map;
import java.util.regex.Pattern;

/** Builds MLflow-safe metric keys (letters, digits, underscores) such as {@code test_f1_class_1}. */
final class MetricNames {
    private static final Pattern SAFE_PREFIX = Pattern.compile("[A-Za-z0-9_./ -]*");

    private MetricNames() {}

    static String requireSafePrefix(String prefix) {
        if (prefix == null || !SAFE_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Cannot build metric keys with prefix: " + prefix
                    + ". MLflow accepts letters, digits, '_', '-', '.', ' ' and '/' only.");
        }
        return prefix;
    }

    /** A class label as a key part: 1.0 becomes {@code 1}, 2.5 becomes {@code 2_5}, -1.0 becomes {@code minus_1}. */
    static String classKey(double label) {
        String text = label == Math.rint(label) && Math.abs(label) < 1e15
                ? Long.toString((long) label)
                : Double.toString(label).replace('.', '_');
        return text.startsWith("-") ? "minus_" + text.substring(1) : text;
    }

    /**
     * Puts a value unless it is NaN or infinite: MLflow's REST API carries metrics as JSON numbers, which
     * cannot hold them; the evaluation record keeps the NaN and, where one exists, its reason.
     */
    static void putFinite(Map<String, Double> metrics, String key, double value) {
        if (Double.isFinite(value)) {
            metrics.put(key, value);
        }
    }
}
