package io.mlcycle.cli;

import static java.util.Objects.requireNonNull;

/**
 * A failure to report to the user as its message alone, without a stack trace: the message says what went wrong,
 * why, and how to fix it. {@link Main} prints it and exits with status 1.
 */
public final class CliException extends RuntimeException {
    private final CliError error;

    public CliException(CliError error, String message) {
        super(message);
        this.error = requireNonNull(error, "error is null");
    }

    public CliException(CliError error, String message, Throwable cause) {
        super(message, cause);
        this.error = requireNonNull(error, "error is null");
    }

    public CliError error() {
        return error;
    }
}
