package io.mlcycle.platform.mlflow;

import static java.util.Objects.requireNonNull;

/**
 * A call to the MLflow tracking server that failed. The message says what was called, what happened and how
 * to fix it; it never contains credentials.
 */
public final class MlflowException extends RuntimeException {
    private final MlflowErrorCategory category;

    public MlflowException(MlflowErrorCategory category, String message) {
        this(category, message, null);
    }

    public MlflowException(MlflowErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = requireNonNull(category, "category is null");
    }

    public MlflowErrorCategory category() {
        return category;
    }
}
