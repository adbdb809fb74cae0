package io.mlcycle.platform.mlflow;

import static java.util.Objects.requireNonNull;

/** A promotion or rollback that was refused; the message says why and what to do instead. */
public final class PromotionException extends RuntimeException {
    /** Why it was refused, so callers can tell the cases apart. */
    public enum Reason {
        /** There is no registered model of that name. */
        UNKNOWN_MODEL,
        /** The model has no version of that number. */
        UNKNOWN_VERSION,
        /** The version is not READY, or its registration did not finish. */
        NOT_READY,
        /** The version failed its quality gate and the promotion was not forced. */
        GATE_FAILED,
        /** The model has no champion to roll back from. */
        NO_CHAMPION,
        /** The champion history holds no earlier champion that still exists. */
        NO_PREVIOUS_CHAMPION,
        /** The champion history tag is not the JSON list mlcycle writes. */
        INVALID_HISTORY
    }

    private final Reason reason;

    public PromotionException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }
}
