package io.mlcycle.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.cli.process.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local PostgreSQL's pure parts: where its programs are found, its command lines, the set-up SQL. */
class PostgresTest {
    @TempDir
    Path directory;

    @Test
    void findsTheNewestCompleteMajorVersion() throws IOException {
        Path root = directory.resolve("lib/postgresql");
        installFake(root, "9.6");
        installFake(root, "15");
        installFake(root, "13");
        Files.createDirectories(root.resolve("README"));

        assertThat(PostgresBinaries.find(root, Optional.empty())).contains(root.resolve("15/bin"));
    }

    @Test
    void usesTheVersionThatInitializedTheDataFolder() throws IOException {
        Path root = directory.resolve("lib/postgresql");
        installFake(root, "15");
        installFake(root, "17");
        Path data = Files.createDirectories(directory.resolve("data"));
        Files.writeString(data.resolve("PG_VERSION"), "15\n");

        assertThat(PostgresBinaries.dataVersion(data)).contains("15");
        assertThat(PostgresBinaries.find(root, PostgresBinaries.dataVersion(data))).contains(root.resolve("15/bin"));
        assertThat(PostgresBinaries.find(root, Optional.of("16"))).isEmpty();
    }

    @Test
    void findsNothingWithoutTheServerPrograms() throws IOException {
        assertThat(PostgresBinaries.find(directory.resolve("absent"), Optional.empty())).isEmpty();
        Path root = directory.resolve("lib/postgresql");
        Files.createDirectories(root.resolve("15/bin"));
        executable(root.resolve("15/bin/psql")); // the client package alone

        assertThat(PostgresBinaries.find(root, Optional.empty())).isEmpty();
    }

    @Test
    void asRootEveryProgramRunsAsThePostgresUserWithoutAForkInBetween() {
        assertThat(new PostgresAccount(false).command(List.of("/bin/initdb", "-D", "d"))).containsExactly("/bin/initdb", "-D", "d");
        assertThat(new PostgresAccount(true).command(List.of("/bin/initdb", "-D", "d")))
                .endsWith("--reuid=postgres", "--regid=postgres", "--init-groups", "--", "/bin/initdb", "-D", "d")
                .first().asString().endsWith("setpriv");
    }

    @Test
    void commandLinesKeepTheServerOnLoopbackWithItsSocketInTheWorkDirAndNoPasswordOnThem() {
        Path work = directory.resolve("work");
        Postgres postgres = new Postgres(TestStackSettings.stack(work, 1, 2, 3), RunFolder.of(work), new PostgresAccount(false), directory);
        Path bin = Path.of("/usr/lib/postgresql/15/bin");
        Path home = work.resolve("services/postgres");

        assertThat(postgres.initCommand(bin)).containsExactly("/usr/lib/postgresql/15/bin/initdb", "-D", home.resolve("data").toString(),
                "--username=postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C");
        assertThat(postgres.serverCommand(bin)).containsExactly("/usr/lib/postgresql/15/bin/postgres", "-D", home.resolve("data").toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "port=15432", "-c", "unix_socket_directories=" + home.resolve("socket"));
        assertThat(postgres.readyCommand(bin)).containsExactly("/usr/lib/postgresql/15/bin/pg_isready", "-q", "-h", "127.0.0.1",
                "-p", "15432", "-t", "2");
        assertThat(postgres.psqlCommand(bin)).containsExactly("/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", home.resolve("socket").toString(), "-p", "15432", "-U", "postgres", "-d", "postgres");
        assertThat(postgres.stopCommand(bin, Duration.ofSeconds(30))).containsExactly("/usr/lib/postgresql/15/bin/pg_ctl", "stop",
                "-D", home.resolve("data").toString(), "-m", "fast", "-w", "-t", "30");
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/mlcycle");
    }

    @Test
    void setUpSqlCreatesTheRoleAndDatabaseOnlyWhenMissingAndQuotesThePassword() {
        assertThat(Postgres.roleAndDatabaseSql(TestStackSettings.postgres(15432))).isEqualTo(String.join("\n",
                "SET log_min_error_statement = panic;",
                "SELECT 'CREATE ROLE mlcycle LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mlcycle')\\gexec",
                "ALTER ROLE mlcycle WITH LOGIN PASSWORD 'it''s-secret';",
                "SELECT 'CREATE DATABASE mlcycle OWNER mlcycle' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'mlcycle')\\gexec",
                ""));
    }

    @Test
    void aptGetProgressLinesAreShown() {
        assertThat(new DebianPackages("/usr/bin/apt-get", directory.resolve("apt.log")).installCommand("postgresql"))
                .containsExactly("/usr/bin/apt-get", "install", "-y", "--no-install-recommends", "postgresql");
        assertThat(DebianPackages.isProgressLine("Get:1 http://deb.debian.org/debian bookworm/main amd64 postgresql-15")).isTrue();
        assertThat(DebianPackages.isProgressLine("Setting up postgresql-15 (15.18-0+deb12u1) ...")).isTrue();
        assertThat(DebianPackages.isProgressLine("Reading package lists...")).isFalse();
    }

    private static void installFake(Path root, String version) throws IOException {
        Path bin = Files.createDirectories(root.resolve(version).resolve("bin"));
        for (String program : List.of("initdb", "postgres", "pg_ctl", "pg_isready", "psql")) {
            executable(bin.resolve(program));
        }
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
