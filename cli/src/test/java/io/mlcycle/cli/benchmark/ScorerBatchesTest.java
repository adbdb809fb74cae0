package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint laid out as Spark writes it, with the files' times set by hand. */
class ScorerBatchesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path checkpoint;

    @Test
    void aBatchLastsFromItsOffsetsFileToItsCommitFileAndAnUncommittedOneIsLeftOut() throws Exception {
        file("offsets/0", 0);
        file("commits/0", 6_500);
        file("offsets/1", 7_000);
        file("commits/1", 11_000);
        file("offsets/2", 12_000); // planned, still running
        file("offsets/.1.crc", 7_000);
        file("commits/.0.crc", 6_500);

        assertThat(ScorerBatches.committed(checkpoint)).containsExactly(
                new ScorerBatches.Batch(0, T0, T0.plusMillis(6_500)),
                new ScorerBatches.Batch(1, T0.plusMillis(7_000), T0.plusMillis(11_000)));
        assertThat(ScorerBatches.committed(checkpoint).get(0).duration()).isEqualTo(Duration.ofMillis(6_500));
    }

    @Test
    void aCheckpointNotWrittenYetHasNoBatches() {
        assertThat(ScorerBatches.committed(checkpoint.resolve("missing"))).isEmpty();
    }

    private void file(String name, long millisAfterT0) throws Exception {
        Path file = checkpoint.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "v1\n");
        Files.setLastModifiedTime(file, FileTime.from(T0.plusMillis(millisAfterT0)));
    }
}
