package io.mlcycle.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointProgressTest {
    @TempDir
    Path checkpoint;

    @Test
    void isIdleWhenTheLatestPlannedBatchIsCommitted() throws Exception {
        Files.createDirectories(checkpoint.resolve("offsets"));
        Files.createDirectories(checkpoint.resolve("commits"));
        for (String batch : new String[] {"0", "1", "2", ".2.crc"}) {
            Files.writeString(checkpoint.resolve("offsets").resolve(batch), "v1");
        }
        Files.writeString(checkpoint.resolve("commits").resolve("0"), "v1");
        Files.writeString(checkpoint.resolve("commits").resolve("1"), "v1");

        assertThat(CheckpointProgress.allCommitted(checkpoint)).as("batch 2 planned, not committed").isFalse();

        Files.writeString(checkpoint.resolve("commits").resolve("2"), "v1");
        assertThat(CheckpointProgress.allCommitted(checkpoint)).isTrue();
    }

    @Test
    void isIdleBeforeTheFirstBatch() {
        assertThat(CheckpointProgress.allCommitted(checkpoint.resolve("not-yet"))).isTrue();
    }
}
