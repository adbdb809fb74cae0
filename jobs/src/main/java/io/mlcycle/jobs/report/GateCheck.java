package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

/**
 * One quality gate the model had to pass, e.g. "AUC on the test set" at least 0.75, with the value it reached. The
 * outcome is the caller's decision (its gate may be more than a comparison); {@link #atLeast} and {@link #atMost}
 * decide it for the plain cases. A check that could not apply (no champion to compare with, a fairness gap with fewer
 * than two groups) is {@link Outcome#SKIPPED}, with the reason in {@code detail}: it neither passes nor fails the gate.
 *
 * @param detail what was compared, or why the check was skipped; "" when the name, value and threshold say it all
 */
public record GateCheck(String name, double value, double threshold, Outcome outcome, String detail) {
    public GateCheck {
        requireNonNull(name, "name is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(detail, "detail is null");
    }

    public GateCheck(String name, double value, double threshold, Outcome outcome) {
        this(name, value, threshold, outcome, "");
    }

    /** Passes when {@code value >= threshold} (a NaN value fails). */
    public static GateCheck atLeast(String name, double value, double threshold) {
        return new GateCheck(name, value, threshold, value >= threshold ? Outcome.PASSED : Outcome.FAILED);
    }

    /** Passes when {@code value <= threshold} (a NaN value fails). */
    public static GateCheck atMost(String name, double value, double threshold) {
        return new GateCheck(name, value, threshold, value <= threshold ? Outcome.PASSED : Outcome.FAILED);
    }

    /** A check that did not apply, and why; it has no value. */
    public static GateCheck skipped(String name, double threshold, String reason) {
        return new GateCheck(name, Double.NaN, threshold, Outcome.SKIPPED, reason);
    }

    /** The same check with {@code detail} as its explanation. */
    public GateCheck withDetail(String text) {
        return new GateCheck(name, value, threshold, outcome, text);
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    public enum Outcome { PASSED, FAILED, SKIPPED }
}
