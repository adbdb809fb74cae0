package io.mlcycle.platform.mlflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** How often a failed request is tried and how long to wait in between: doubling from {@code initialBackoff}, capped. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    private static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);

    public RetryPolicy {
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Cannot retry with maxAttempts below 1: " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "Cannot retry with backoff from " + initialBackoff + " to " + maxBackoff + ": need 0 <= initial <= max");
        }
    }

    /** {@code maxAttempts} attempts, waiting 250 ms, 500 ms, 1 s ... at most 8 s between them. */
    public static RetryPolicy ofAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** The wait after the failed attempt number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration backoff = initialBackoff;
        for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) < 0 ? backoff : maxBackoff;
    }
}
