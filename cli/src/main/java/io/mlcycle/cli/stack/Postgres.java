package io.mlcycle.cli.stack;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.process.Executables;
import io.mlcycle.cli.process.ForegroundProcess;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.cli.process.Ports;
import io.mlcycle.cli.process.RunFolder;
import io.mlcycle.common.config.StackSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The local PostgreSQL, run from the server programs of Debian's {@code postgresql} package
 * ({@code /usr/lib/postgresql/<major>/bin}; installed with apt-get when missing and mlcycle runs as root). Its files
 * live in {@code <work-dir>/services/postgres}: {@code data/} (the cluster, initialized once) and {@code socket/} (its Unix
 * socket, where the superuser {@code postgres} connects without password to create the configured role and database).
 * It listens on 127.0.0.1 only; connections over TCP need a password (SCRAM). As root it runs as the {@code postgres}
 * system user (see {@link PostgresAccount}).
 */
public final class Postgres {
    /** Its name in the run folder. */
    public static final String NAME = "postgres";
    private static final String PACKAGE = "postgresql";
    private static final String SUPERUSER = "postgres";

    private final StackSettings stack;
    private final StackSettings.Postgres settings;
    private final RunFolder runFolder;
    private final PostgresAccount account;
    private final Path installRoot;
    private final Path home;

    public Postgres(StackSettings stack, RunFolder runFolder) {
        this(stack, runFolder, PostgresAccount.current(), PostgresBinaries.DEBIAN_ROOT);
    }

    Postgres(StackSettings stack, RunFolder runFolder, PostgresAccount account, Path installRoot) {
        this.stack = requireNonNull(stack, "stack is null");
        this.settings = stack.postgres();
        this.runFolder = requireNonNull(runFolder, "runFolder is null");
        this.account = requireNonNull(account, "account is null");
        this.installRoot = requireNonNull(installRoot, "installRoot is null");
        this.home = stack.workDir().resolve("services").resolve("postgres").toAbsolutePath().normalize();
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl() {
        return settings.jdbcUrl();
    }

    public Optional<ManagedProcess> process() {
        return runFolder.find(NAME);
    }

    Path dataDir() {
        return home.resolve("data");
    }

    Path socketDir() {
        return home.resolve("socket");
    }

    /** Starts the server unless it runs, creates the role and database when missing, and waits until the role can log in. */
    public void start(PrintWriter out) {
        Optional<ManagedProcess> running = process();
        if (running.isPresent()) {
            Path bin = binaries(out);
            awaitAcceptingConnections(bin, running.get());
            createRoleAndDatabase(bin);
            requireLogin(running.get());
            out.printf("already running (pid %d), accepting connections%n", running.get().pid());
            return;
        }
        Ports.requireFree("PostgreSQL", settings.port(), "mlcycle.stack.postgres.port", "");
        Path bin = binaries(out);
        long started = System.nanoTime();
        Optional<Duration> initialized = initializeOnce(bin);
        ManagedProcess server = runFolder.start(NAME, new ProcessBuilder(account.command(serverCommand(bin))).directory(home.toFile()));
        try {
            awaitAcceptingConnections(bin, server);
            createRoleAndDatabase(bin);
            requireLogin(server);
        } catch (CliException e) {
            server.kill();
            throw e;
        }
        out.printf("started (pid %d), accepting connections after %s%s%n", server.pid(), Polling.seconds(Duration.ofNanos(System.nanoTime() - started)),
                initialized.map(took -> " (first start: cluster initialized in " + Polling.seconds(took) + ")").orElse(""));
    }

    /** True when the configured role can log in to the configured database within {@code timeout}. */
    public boolean answers(Duration timeout) {
        try (Connection connection = connect(timeout)) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Stops the server with a fast shutdown ({@code pg_ctl stop -m fast}: sessions are ended, everything is written out),
     * falling back to SIGTERM/SIGKILL of its processes when that fails.
     */
    public ManagedProcess.StopOutcome stop(ManagedProcess server, Duration timeout) {
        Optional<Path> bin = PostgresBinaries.find(installRoot, PostgresBinaries.dataVersion(dataDir()));
        if (bin.isPresent()) {
            List<String> command = account.command(stopCommand(bin.get(), timeout));
            int exitCode = ForegroundProcess.run(new ProcessBuilder(command), line -> appendToLog(runFolder.logFile(NAME), line));
            if (exitCode == 0 && server.awaitExit(timeout)) {
                server.stop(timeout); // removes the pid file
                return ManagedProcess.StopOutcome.TERMINATED;
            }
        }
        return server.stop(timeout);
    }

    /** The server's command line: bound to 127.0.0.1 on the configured port, its Unix socket in our own folder (not /var/run). */
    List<String> serverCommand(Path bin) {
        return List.of(bin.resolve("postgres").toString(), "-D", dataDir().toString(),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "port=" + settings.port(),
                "-c", "unix_socket_directories=" + socketDir());
    }

    /** initdb's command line: local (socket) connections trusted, TCP connections with a SCRAM password. */
    List<String> initCommand(Path bin) {
        return List.of(bin.resolve("initdb").toString(), "-D", dataDir().toString(), "--username=" + SUPERUSER,
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C");
    }

    List<String> readyCommand(Path bin) {
        return List.of(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p", String.valueOf(settings.port()), "-t", "2");
    }

    /** psql as the superuser over the Unix socket; the SQL comes on stdin, so the role's password is not on a command line. */
    List<String> psqlCommand(Path bin) {
        return List.of(bin.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketDir().toString(),
                "-p", String.valueOf(settings.port()), "-U", SUPERUSER, "-d", "postgres");
    }

    List<String> stopCommand(Path bin, Duration timeout) {
        return List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", dataDir().toString(), "-m", "fast", "-w",
                "-t", String.valueOf(Math.max(1, timeout.toSeconds())));
    }

    /** Creates the login role (or resets its password to the configured one) and the database it owns; idempotent. */
    static String roleAndDatabaseSql(StackSettings.Postgres settings) {
        String user = settings.user();
        String database = settings.database();
        String password = settings.password().reveal().replace("'", "''");
        return String.join("\n",
                "SET log_min_error_statement = panic;", // a failing statement must not reach the server log with the password
                "SELECT 'CREATE ROLE " + user + " LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "')\\gexec",
                "ALTER ROLE " + user + " WITH LOGIN PASSWORD '" + password + "';",
                "SELECT 'CREATE DATABASE " + database + " OWNER " + user + "'"
                        + " WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '" + database + "')\\gexec",
                "");
    }

    /** The server programs: those of the version that initialized the data folder, else the newest; installed when missing. */
    private Path binaries(PrintWriter out) {
        Optional<String> dataVersion = PostgresBinaries.dataVersion(dataDir());
        Optional<Path> found = PostgresBinaries.find(installRoot, dataVersion);
        if (found.isPresent()) {
            return found.get();
        }
        if (dataVersion.isPresent()) {
            throw new CliException(CliError.MISSING_TOOL, "Cannot start PostgreSQL: its data folder " + dataDir() + " was initialized by"
                    + " PostgreSQL " + dataVersion.get() + ", whose server programs are not in " + installRoot.resolve(dataVersion.get())
                    + "/bin. Install them (apt-get install -y postgresql-" + dataVersion.get() + "), or delete " + home
                    + " to start afresh with the installed version (its databases are lost).");
        }
        install(out);
        return PostgresBinaries.find(installRoot, Optional.empty()).orElseThrow(() -> new CliException(CliError.PACKAGE_INSTALL_FAILED,
                "Cannot find the PostgreSQL server programs in " + installRoot + "/<version>/bin after installing the Debian package "
                        + PACKAGE + ". Read " + installLog() + "."));
    }

    private void install(PrintWriter out) {
        Optional<Path> aptGet = Executables.find("apt-get");
        if (aptGet.isEmpty() || !account.root()) {
            throw new CliException(CliError.MISSING_TOOL, "Cannot start PostgreSQL (mlcycle.stack.postgres.enabled): its server programs"
                    + " are not installed (looked in " + installRoot + "/<version>/bin). "
                    + (aptGet.isPresent() ? "Install them with: sudo apt-get install -y postgresql" : "Install PostgreSQL's server"
                    + " programs with your system's package manager (Debian/Ubuntu: sudo apt-get install -y postgresql)")
                    + ", or set mlcycle.stack.postgres.enabled = false if you do not need the database.");
        }
        out.println("installing the Debian package " + PACKAGE + " (log: " + installLog() + ")");
        out.flush();
        long started = System.nanoTime();
        new DebianPackages(aptGet.get().toString(), installLog()).install(PACKAGE, out);
        out.print("      installed in " + Polling.seconds(Duration.ofNanos(System.nanoTime() - started)) + "; ");
        out.flush();
    }

    /** Runs initdb unless the data folder holds a cluster; returns how long it took when it ran. */
    private Optional<Duration> initializeOnce(Path bin) {
        account.createOwnedDirectory(home);
        account.createOwnedDirectory(socketDir());
        if (Files.exists(dataDir().resolve("PG_VERSION"))) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        Path log = initLog();
        StringBuilder output = new StringBuilder();
        int exitCode = ForegroundProcess.run(new ProcessBuilder(account.command(initCommand(bin))).directory(home.toFile()),
                line -> output.append(line).append('\n'));
        appendToLog(log, output.toString());
        if (exitCode != 0) {
            throw new CliException(CliError.SERVICE_NOT_READY, "Cannot initialize the PostgreSQL data folder " + dataDir() + " (initdb exit code "
                    + exitCode + "). Read " + log + (account.root() ? "; as root, the '" + PostgresAccount.SYSTEM_USER + "' user runs initdb and"
                    + " must be able to enter every parent folder of the work dir (mlcycle.work-dir; chmod o+x on them)" : "")
                    + ". Deleting " + home + " starts PostgreSQL afresh.");
        }
        return Optional.of(Duration.ofNanos(System.nanoTime() - started));
    }

    private void awaitAcceptingConnections(Path bin, ManagedProcess server) {
        long deadline = System.nanoTime() + settings.startupTimeout().toNanos();
        while (ForegroundProcess.run(new ProcessBuilder(readyCommand(bin)), line -> { }) != 0) {
            if (!server.isAlive()) {
                throw new CliException(CliError.SERVICE_NOT_READY, "PostgreSQL exited during start-up"
                        + server.exitCode().stream().mapToObj(code -> " (exit code " + code + ")").findFirst().orElse("")
                        + ". Read its log: " + server.logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(CliError.SERVICE_NOT_READY, "PostgreSQL (pid " + server.pid() + ") did not accept connections on 127.0.0.1:"
                        + settings.port() + " within " + settings.startupTimeout().toSeconds()
                        + " s (mlcycle.stack.postgres.startup-timeout). Read its log: " + server.logFile() + ". On a slow machine, raise the timeout.");
            }
            Polling.pause();
        }
    }

    private void createRoleAndDatabase(Path bin) {
        StringBuilder output = new StringBuilder();
        int exitCode = ForegroundProcess.run(new ProcessBuilder(account.command(psqlCommand(bin))).directory(home.toFile()),
                roleAndDatabaseSql(settings), line -> output.append(line).append('\n'));
        if (exitCode != 0) {
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Cannot create the PostgreSQL role " + settings.user() + " and database "
                    + settings.database() + " (mlcycle.stack.postgres.user, .database; psql exit code " + exitCode + "): "
                    + output.toString().strip() + ". Read the server's log: " + runFolder.logFile(NAME));
        }
    }

    private void requireLogin(ManagedProcess server) {
        try (Connection connection = connect(Duration.ofSeconds(10))) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new CliException(CliError.SERVICE_NOT_READY, "PostgreSQL (pid " + server.pid() + ") runs, but role " + settings.user()
                    + " cannot log in to " + jdbcUrl() + ": " + e.getMessage() + ". Read its log: " + server.logFile(), e);
        }
    }

    private Connection connect(Duration timeout) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password().reveal());
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        properties.setProperty("loginTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        properties.setProperty("socketTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    private Path initLog() {
        return stack.workDir().resolve("logs").resolve("postgres-init.log");
    }

    private Path installLog() {
        return stack.workDir().resolve("logs").resolve("postgres-install.log");
    }

    private static void appendToLog(Path log, String text) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + log, e);
        }
    }
}
