package io.mlcycle.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.cli.CliSettings;
import io.mlcycle.cli.ItEnvironment;
import io.mlcycle.cli.Main;
import io.mlcycle.cli.TestFiles;
import io.mlcycle.cli.process.RunFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PostgreSQL from the machine's server programs, in a temporary work dir on a free port: it starts, the
 * configured role logs in over TCP with its password and can create, write and read a table; status shows it,
 * 'stack down' stops it, a restart keeps the data, and starting it while it runs changes nothing.
 */
class PostgresIT {
    @TempDir
    Path directory;

    private Path config;
    private Postgres postgres;
    private int port;

    @BeforeEach
    void writeConfig() throws Exception {
        // As root the server runs as the 'postgres' user, which must be able to enter the work dir.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        port = ItEnvironment.freePort();
        config = TestFiles.configFile(directory, String.join("\n",
                "mlcycle.work-dir = \"" + directory.resolve("w") + "\"",
                "mlcycle.stack.kafka { port = " + ItEnvironment.freePort() + ", controller-port = " + ItEnvironment.freePort() + " }",
                "mlcycle.stack.mlflow.port = " + ItEnvironment.freePort(),
                "mlcycle.stack.postgres { port = " + port + ", database = it_db, user = it_user, password = \"it's a secret\" }",
                ""));
        CliSettings settings = CliSettings.load(config);
        postgres = new Postgres(settings.stack(), RunFolder.of(settings.workDir()));
    }

    @AfterEach
    void stopWhateverIsLeft() {
        run("stack", "down");
    }

    @Test
    void startsAcceptsTheRoleShowsInStatusStopsAndKeepsItsDataOverARestart() throws Exception {
        String firstStart = start();
        assertThat(firstStart).contains("started (pid ", "(first start: cluster initialized in ");
        long pid = postgres.process().orElseThrow().pid();

        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id int PRIMARY KEY, name text)");
            statement.execute("INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
            assertThat(rows(statement, "SELECT id, name FROM kept ORDER BY id")).containsExactly("1 one", "2 two");
            assertThat(rows(statement, "SELECT current_user, host(inet_server_addr())")).containsExactly("it_user 127.0.0.1");
        }

        assertThat(start()).isEqualTo("already running (pid " + pid + "), accepting connections\n");

        StringWriter status = new StringWriter();
        run(status, "stack", "status");
        assertThat(status.toString()).containsPattern("postgres +jdbc:postgresql://127\\.0\\.0\\.1:" + port + "/it_db +" + pid + " +up \\(answers\\)");

        StringWriter down = new StringWriter();
        assertThat(run(down, "stack", "down")).isZero();
        assertThat(down.toString()).contains("Stopping postgres (pid " + pid + ")... stopped");
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(postgres.answers(java.time.Duration.ofSeconds(2))).isFalse();

        String secondStart = start();
        assertThat(secondStart).contains("started (pid ").doesNotContain("initialized");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(rows(statement, "SELECT id, name FROM kept ORDER BY id")).containsExactly("1 one", "2 two");
        }
        System.out.printf("PostgresIT timings: first start '%s', later start '%s'%n", firstStart.strip(), secondStart.strip());
    }

    @Test
    void aWrongPasswordIsRefusedOverTcp() {
        start();

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                DriverManager.getConnection(postgres.jdbcUrl(), "it_user", "wrong").close()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"it_user\"");
    }

    private String start() {
        StringWriter out = new StringWriter();
        postgres.start(new PrintWriter(out, true));
        return out.toString();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), "it_user", "it's a secret");
    }

    private static List<String> rows(Statement statement, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2));
            }
        }
        return rows;
    }

    private int run(String... command) {
        return run(new StringWriter(), command);
    }

    private int run(StringWriter out, String... command) {
        String[] args = new String[command.length + 2];
        args[0] = "--config";
        args[1] = config.toString();
        System.arraycopy(command, 0, args, 2, command.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(out, true), args);
    }
}
