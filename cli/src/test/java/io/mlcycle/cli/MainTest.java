package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void versionNamesTheStack() {
        int exitCode = run("--version");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("mlcycle ").contains("Built for Spark 4.2.0 (Scala 2.13), Delta Lake 4.4.0, Kafka 4.2.0");
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        assertThat(run("stack", "up", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mlcycle stack up", "--config=<file>", "-D=<key>=<value>", "--version");

        assertThat(run("test", "-V")).isZero();
        assertThat(out.toString()).contains("Built for Spark 4.2.0");
    }

    @Test
    void missingCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).containsPattern("^Missing a command: use one of \\[stack, .*lineage, train, score-batch, promote, rollback, test, benchmark\\]").contains("Usage: mlcycle");

        assertThat(run("stack")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing a command: use one of [down, status, up]");
    }

    @Test
    void scoreBatchNamesItsOptions() {
        assertThat(run("score-batch", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mlcycle score-batch", "--table=<path>", "--data-version=<n>", "--model-version=<v>");
    }

    @Test
    void demoTakesATaskOfTheBuiltInData() {
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mlcycle demo", "--task=<task>", "binary", "multiclass", "regression");

        assertThat(run("demo", "--task", "ordinal")).isEqualTo(2);
        assertThat(err.toString()).contains("Cannot run the demo for task 'ordinal': use one of binary, multiclass, regression.");
    }

    @Test
    void trainTakesEitherADataVersionOrARunToReproduce() {
        assertThat(run("train", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mlcycle train", "--reproduce=<run-id>", "--data-version=<n>");

        assertThat(run("train", "--reproduce", "abc", "--data-version", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Use either --reproduce or --data-version");
    }

    @Test
    void promoteAndRollbackSayWhatTheyRecord() {
        assertThat(run("promote", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mlcycle promote", "<model> <version>", "--reason=<text>", "--by=<who>", "--force");

        assertThat(run("rollback", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mlcycle rollback", "<model>", "--reason=<text>", "mlcycle.champion_history");
    }

    @Test
    void invalidConfigurationListsEveryProblemWithoutStackTraceAndExits2() {
        Path config = TestFiles.configFile(directory, "mlcycle.stack.kafka.port = 70000\nmlcycle.spark.driver-memory = lots\n");

        int exitCode = run("stack", "status", "--config", config.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid configuration (2 problems):").contains(
                "Cannot use mlcycle.stack.kafka.port = 70000: expected an integer from 1 to 65535",
                "Cannot use mlcycle.spark.driver-memory = 'lots': expected a JVM memory size such as 2g or 512m");
        assertThat(err.toString()).doesNotContain("Exception", "\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void overrideOnTheCommandLineWinsOverTheFile() {
        Path config = TestFiles.configFile(directory, "mlcycle.work-dir = \"" + directory + "\"\n");
        try {
            int exitCode = run("stack", "status", "--config", config.toString(), "-Dmlcycle.stack.mlflow.workers=0");

            assertThat(exitCode).isEqualTo(2);
            assertThat(err.toString()).contains("Cannot use mlcycle.stack.mlflow.workers = 0: expected an integer from 1 to 64");
        } finally {
            System.clearProperty("mlcycle.stack.mlflow.workers");
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    void missingPythonIsExplainedWithoutStackTraceAndExits1() {
        Path config = TestFiles.configFile(directory, "mlcycle.work-dir = \"" + directory + "\"\n"
                + "mlcycle.stack.python = \"no-such-python-for-mlcycle\"\n");

        int exitCode = run("--config", config.toString(), "stack", "up");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("Error: Cannot find Python 'no-such-python-for-mlcycle' (mlcycle.stack.python)."
                + " mlcycle needs Python 3.10 or newer").doesNotContain("\tat ");
        assertThat(directory.resolve("venv")).doesNotExist();
    }

    @Test
    void tooOldPythonIsRefused() throws Exception {
        Path fakePython = directory.resolve("python3.9");
        Files.writeString(fakePython, "#!/bin/sh\necho 'Python 3.9.18'\n");
        Files.setPosixFilePermissions(fakePython, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = TestFiles.configFile(directory, "mlcycle.work-dir = \"" + directory + "\"\n"
                + "mlcycle.stack.python = \"" + fakePython + "\"\n");

        int exitCode = run("--config", config.toString(), "stack", "up");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("Error: Cannot use Python '" + fakePython + "' (mlcycle.stack.python): it is Python 3.9.18,"
                + " and MLflow 3 needs Python 3.10 or newer.");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
