package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.platform.SparkSessions;
import io.mlcycle.platform.delta.IdempotentDeltaAppend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointGuardTest {
    @TempDir
    static Path work;
    private static SparkSession spark;
    private static String table;

    @BeforeAll
    static void tableWrittenUpToBatchFive() {
        spark = SparkSessions.create("CheckpointGuardTest", TestSettings.SPARK);
        table = work.resolve("predictions").toString();
        new IdempotentDeltaAppend("scorer").append(
                spark.createDataFrame(List.of(RowFactory.create("a")), new StructType().add("id", DataTypes.StringType)), table, 5);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void newCheckpointOnATableWithBatchesOfTheSameQueryIsRefused() {
        assertThatThrownBy(() -> CheckpointGuard.requireCheckpointNotBehind(spark, checkpoint("new").toString(), "scorer", List.of(table)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot start query scorer with checkpoint " + checkpoint("new") + ": its last finished batch is -1, but Delta"
                        + " table " + table + " already holds batch 5 of this query, so Delta would skip the next 5 batches as duplicates."
                        + " Restore the checkpoint that belongs to the tables, or start with a new query name (mlcycle.scorer.query-name),"
                        + " or with new tables.");
    }

    @Test
    void checkpointTwoBatchesBehindIsRefused() throws Exception {
        Path checkpoint = checkpointWithCommits("two-behind", 0, 1, 2, 3);

        assertThatThrownBy(() -> CheckpointGuard.requireCheckpointNotBehind(spark, checkpoint.toString(), "scorer", List.of(table)))
                .hasMessageContaining("its last finished batch is 3, but Delta table " + table + " already holds batch 5");
    }

    @Test
    void checkpointOneBatchBehindIsAReplayAndAccepted() throws Exception {
        Path checkpoint = checkpointWithCommits("one-behind", 0, 1, 2, 3, 4);

        assertThatCode(() -> CheckpointGuard.requireCheckpointNotBehind(spark, checkpoint.toString(), "scorer", List.of(table)))
                .doesNotThrowAnyException();
    }

    @Test
    void otherQueriesAndMissingTablesAreNoConcern() {
        assertThatCode(() -> CheckpointGuard.requireCheckpointNotBehind(spark, checkpoint("other").toString(), "other-scorer",
                List.of(table, work.resolve("no-table").toString()))).doesNotThrowAnyException();
    }

    private static Path checkpoint(String name) {
        return work.resolve("checkpoints").resolve(name);
    }

    private static Path checkpointWithCommits(String name, int... batches) throws Exception {
        Path commits = Files.createDirectories(checkpoint(name).resolve("commits"));
        for (int batch : batches) {
            Files.writeString(commits.resolve(String.valueOf(batch)), "v1\n{}");
        }
        Files.writeString(commits.resolve(".0.crc"), "");
        return checkpoint(name);
    }
}
