package io.mlcycle.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * Reading a JDBC source failed. The message names the source and its URL without credentials, says what the database
 * reported and what to check; it never contains the password, and neither does the cause it carries.
 */
public final class JdbcSourceException extends RuntimeException {
    private final JdbcErrorCategory category;

    JdbcSourceException(JdbcErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = requireNonNull(category, "category is null");
    }

    public JdbcErrorCategory category() {
        return category;
    }
}
