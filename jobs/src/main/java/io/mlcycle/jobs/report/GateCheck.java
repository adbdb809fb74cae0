package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

/**
 * One quality gate the model had to pass, e.g. "AUC on the test set" at least 0.75, with the value it reached. The
 * outcome is the caller's decision (its gate may be more than a comparison); {@link #atLeast} and {@link #atMost}
 * decide it for the plain cases.
 */
public record GateCheck(String name, double value, double threshold, Outcome outcome) {
    public GateCheck {
        requireNonNull(name, "name is null");
        requireNonNull(outcome, "outcome is null");
    }

    /** Passes when {@code value >= threshold} (a NaN value fails). */
    public static GateCheck atLeast(String name, double value, double threshold) {
        return new GateCheck(name, value, threshold, value >= threshold ? Outcome.PASSED : Outcome.FAILED);
    }

    /** Passes when {@code value <= threshold} (a NaN value fails). */
    public static GateCheck atMost(String name, double value, double threshold) {
        return new GateCheck(name, value, threshold, value <= threshold ? Outcome.PASSED : Outcome.FAILED);
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    public enum Outcome { PASSED, FAILED }
}
