package io.mlcycle.platform.delta;

import static java.util.Objects.requireNonNull;

/** A Delta log that cannot be read as asked; the message says which table, why, and what to check. */
public final class DeltaLogException extends RuntimeException {
    /** What kind of failure it is, so callers can tell them apart. */
    public enum Reason {
        /** The location has a scheme other than {@code file:}; only local tables are read without Spark. */
        UNSUPPORTED_LOCATION,
        /** The folder does not exist, has no {@code _delta_log}, or the log holds no version. */
        NOT_A_DELTA_TABLE,
        /** The version asked for is below 0 or above the latest. */
        VERSION_OUT_OF_RANGE,
        /** The version exists but its JSON commit file is gone (log retention) or was never there. */
        COMMIT_MISSING,
        /** A commit file could not be read or parsed. */
        UNREADABLE_LOG
    }

    private final Reason reason;

    public DeltaLogException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public DeltaLogException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }
}
