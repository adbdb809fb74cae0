package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.cli.Main;
import io.mlcycle.cli.TestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkCommandTest {
    @TempDir
    Path work;

    @Test
    void overridesPointTheJobsAtTheBenchmarksLakeAndMlflowNamesAndDropTheUsersAlgorithmList() {
        Map<String, String> user = Map.of(
                "mlcycle.spark.driver-memory", "6g",
                "mlcycle.mlflow.experiment", "production",
                "mlcycle.mlflow.registered-model", "loan-default",
                "mlcycle.train.algorithms.0.name", "gbt",
                "mlcycle.train.algorithms-note", "kept: another key");

        Map<String, String> overrides = BenchmarkCommand.overrides(user, Path.of("/w/benchmark"), 3_000_000);

        assertThat(overrides).containsExactlyInAnyOrderEntriesOf(Map.of(
                "mlcycle.spark.driver-memory", "6g",
                "mlcycle.train.algorithms-note", "kept: another key",
                "mlcycle.mlflow.experiment", "mlcycle-benchmark",
                "mlcycle.lake.root", "/w/benchmark/lake",
                "mlcycle.generator.output-dir", "/w/benchmark/landing",
                "mlcycle.generator.history-rows", "3000000",
                "mlcycle.generator.entities", "600000"));
    }

    @Test
    void theTableFitsTheLongestStageNameAndAlignsEveryColumnUnderItsHeader() {
        String table = BenchmarkCommand.table(List.of(
                StageResult.of("features", 0, 10.0, 3000, 900, 1200, 40),
                StageResult.of("train:logistic-regression", 1, 4.0, 2990, 1100, 1400, 41),
                StageResult.of("train:gbt", 0, 8.0, -1, -1, -1, 41)));

        assertThat(table.lines().toList()).containsExactly(
                "stage                       exit    seconds       rows       rows/s    driver peak     tree peak       lake",
                "features                       0       10.0       3000          300        900 MiB      1200 MiB     40 MiB",
                "train:logistic-regression      1        4.0       2990          748       1100 MiB      1400 MiB     41 MiB",
                "train:gbt                      0        8.0         -1           -1         -1 MiB        -1 MiB     41 MiB");
    }

    @Test
    void stagesOutOfOrderAreAnInvalidCommandLine() {
        StringWriter err = new StringWriter();

        int exitCode = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "benchmark",
                "--config", config().toString(), "--stages", "generate,ingest,features,train", "--algorithms", "gbt");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Cannot benchmark the stages generate,ingest,features,train: the benchmark starts from an empty lake");
    }

    @Test
    void noEventsAreAnInvalidCommandLine() {
        StringWriter err = new StringWriter();

        int exitCode = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "benchmark",
                "--config", config().toString(), "--stages", "score", "--events", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Cannot benchmark scoring 0 events: give --events 1 or more.");
    }

    @Test
    void algorithmsWithoutTrainAreAnInvalidCommandLine() {
        StringWriter err = new StringWriter();

        int exitCode = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "benchmark",
                "--config", config().toString(), "--algorithms", "gbt,linear-svm");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("Cannot use --algorithms without the train stage");
    }

    private Path config() {
        return TestFiles.configFile(work, "mlcycle.work-dir = \"" + work + "\"\n");
    }
}
