package io.mlcycle.jobs.ingest.jdbc;

/** What kind of failure a {@link JdbcSourceException} is, so callers and alerts can tell them apart. */
public enum JdbcErrorCategory {
    /** No connection: the server is down, or the URL's host, port or database is wrong (SQLSTATE class 08, 3D). */
    UNREACHABLE("Check that the database server is running and that the source's url names the right host, port and database."),
    /** The server refused the user or password, or the user may not read the relation (SQLSTATE class 28, 42501). */
    UNAUTHORIZED("Check the source's user and password, and that this user may SELECT from the table or query."),
    /** The table, schema or a named column does not exist (SQLSTATE 42P01, 3F000, 42703). */
    NOT_FOUND("Check the source's table or query, and that partition-column and watermark-column are columns of it."),
    /** The server rejected the statement (other SQLSTATE class 42 and 22 errors): an invalid query or bound. */
    REJECTED("Check the source's query, partition-column, lower-bound and upper-bound."),
    /** Anything else the database or driver reported. */
    FAILED("Check the database server's log for the statement that failed.");

    private final String advice;

    JdbcErrorCategory(String advice) {
        this.advice = advice;
    }

    /** What to check, as the last sentence of an error message. */
    public String advice() {
        return advice;
    }

    /** The category of a {@link java.sql.SQLException#getSQLState() SQLSTATE}; null or unknown states are {@link #FAILED}. */
    static JdbcErrorCategory ofSqlState(String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return FAILED;
        }
        if (sqlState.equals("42501") || sqlState.startsWith("28")) {
            return UNAUTHORIZED;
        }
        if (sqlState.equals("42P01") || sqlState.equals("3F000") || sqlState.equals("42703")) {
            return NOT_FOUND;
        }
        if (sqlState.startsWith("08") || sqlState.startsWith("3D")) {
            return UNREACHABLE;
        }
        if (sqlState.startsWith("42") || sqlState.startsWith("22")) {
            return REJECTED;
        }
        return FAILED;
    }
}
