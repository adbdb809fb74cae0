package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

/** One wrong or missing configuration value: the key, what it holds, and what was expected. */
public record ConfigProblem(String key, String value, String expected) {
    public ConfigProblem {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(expected, "expected is null");
    }

    public String message() {
        return "Cannot use " + key + " = " + value + ": expected " + expected
                + ". Fix it in your config file or override it with -D" + key + "=<value>.";
    }
}
