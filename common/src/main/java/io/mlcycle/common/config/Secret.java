package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

/** A configuration value that must never be printed or logged: toString() hides it. */
public final class Secret {
    private static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = requireNonNull(value, "value is null");
    }

    public static Secret of(String value) {
        return value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The secret itself: pass it straight to where it is used, never to a log or a string. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return isEmpty() ? "(empty)" : "(secret)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
