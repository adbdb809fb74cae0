package io.mlcycle.jobs.testing;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The real PostgreSQL the integration tests run against, as './mlcycle test' hands it over: the URL and user in system
 * properties {@value #URL_PROPERTY} and {@value #USER_PROPERTY}, the password in environment variable
 * {@value #PASSWORD_VARIABLE}. Each test class gets a fresh schema ({@link #createSchema}), which {@link #close} drops,
 * so tests neither see each other's tables nor leave any behind.
 */
public final class TestPostgres implements AutoCloseable {
    static final String URL_PROPERTY = "mlcycle.it.postgres-url";
    static final String USER_PROPERTY = "mlcycle.it.postgres-user";
    static final String PASSWORD_VARIABLE = "MLCYCLE_IT_POSTGRES_PASSWORD";

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String schema;

    private TestPostgres(String serverUrl, String user, String password, String schema) {
        this.serverUrl = requireNonNull(serverUrl, "serverUrl is null");
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
        this.schema = requireNonNull(schema, "schema is null");
    }

    /** Creates a schema named after {@code testClass} (plus a random suffix) on the server './mlcycle test' started. */
    public static TestPostgres createSchema(Class<?> testClass) {
        String url = required(System.getProperty(URL_PROPERTY), "system property " + URL_PROPERTY);
        String user = required(System.getProperty(USER_PROPERTY), "system property " + USER_PROPERTY);
        String password = required(System.getenv(PASSWORD_VARIABLE), "environment variable " + PASSWORD_VARIABLE);
        String schema = ("it_" + testClass.getSimpleName() + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        TestPostgres postgres = new TestPostgres(url, user, password, schema);
        postgres.execute("CREATE SCHEMA " + schema);
        return postgres;
    }

    /** The JDBC URL of this test class's schema: tables without a schema name land in it. */
    public String url() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String schema() {
        return schema;
    }

    /** A connection to this test class's schema, for checking what the code under test wrote without going through it. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(url(), properties);
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl, user, password); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on the test PostgreSQL " + serverUrl + " as " + user + ": "
                    + e.getMessage() + ". Is it up? ./mlcycle stack status shows it.", e);
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Cannot run the PostgreSQL integration tests: " + name + " is not set. Run them with"
                    + " ./mlcycle test, which starts the local PostgreSQL (mlcycle.stack.postgres) and passes " + URL_PROPERTY + ", "
                    + USER_PROPERTY + " and " + PASSWORD_VARIABLE + " (e.g. ./mlcycle test -- -pl jobs -am -Dit.test=<TheIT>),"
                    + " or start it with ./mlcycle stack up and pass them yourself.");
        }
        return value.strip();
    }
}
