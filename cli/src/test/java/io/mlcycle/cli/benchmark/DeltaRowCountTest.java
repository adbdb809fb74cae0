package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delta logs written by hand, in the shape Delta writes them (one JSON action per line, statistics as a JSON string). */
class DeltaRowCountTest {
    @TempDir
    Path table;

    @Test
    void countsTheRecordsOfTheFilesTheLatestVersionHolds() throws Exception {
        commit(0, """
                {"commitInfo":{"operation":"WRITE","operationParameters":{"mode":"Overwrite"}}}
                {"protocol":{"minReaderVersion":1,"minWriterVersion":2}}
                {"metaData":{"id":"x","format":{"provider":"parquet"},"partitionColumns":["split"]}}
                {"add":{"path":"split=train/part-0.parquet","size":100,"dataChange":true,"stats":"{\\"numRecords\\":800,\\"minValues\\":{}}"}}
                {"add":{"path":"split=test/part-0.parquet","size":30,"dataChange":true,"stats":"{\\"numRecords\\":200}"}}
                """);
        commit(1, """
                {"commitInfo":{"operation":"WRITE","operationParameters":{"mode":"Append"}}}
                {"add":{"path":"split=train/part-1.parquet","size":10,"dataChange":true,"stats":"{\\"numRecords\\":45}"}}
                """);
        commit(2, """
                {"commitInfo":{"operation":"DELETE"}}
                {"remove":{"path":"split=test/part-0.parquet","dataChange":true}}
                {"add":{"path":"split=test/part-1.parquet","size":25,"dataChange":true,"stats":"{\\"numRecords\\":150}"}}
                """);

        // 800 + 45 + 150: part-0 of the test split was removed at version 2
        assertThat(DeltaRowCount.of(table)).hasValue(995);
    }

    @Test
    void aFileWithoutStatisticsMakesTheCountUnknown() throws Exception {
        commit(0, """
                {"add":{"path":"a.parquet","size":100,"dataChange":true,"stats":"{\\"numRecords\\":800}"}}
                {"add":{"path":"b.parquet","size":100,"dataChange":true}}
                """);

        assertThat(DeltaRowCount.of(table)).isEmpty();
    }

    @Test
    void aLogWhoseFirstCommitsWereCleanedUpIsUnknown() throws Exception {
        commit(3, """
                {"add":{"path":"a.parquet","size":100,"dataChange":true,"stats":"{\\"numRecords\\":800}"}}
                """);

        assertThat(DeltaRowCount.of(table)).isEmpty();
    }

    @Test
    void aMissingTableIsUnknown() {
        assertThat(DeltaRowCount.of(table.resolve("nothing"))).isEmpty();
    }

    private void commit(long version, String actions) throws Exception {
        Path log = Files.createDirectories(table.resolve("_delta_log"));
        Files.writeString(log.resolve(String.format("%020d.json", version)), actions);
    }
}
