package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The micro-batches a Structured Streaming query committed, read from its checkpoint: Spark writes {@code offsets/<batch>}
 * when it plans a batch and {@code commits/<batch>} when the batch's sink work (the scorer's whole foreachBatch) is done,
 * so the two files' modification times bound the batch. A batch planned but not yet committed is left out.
 */
final class ScorerBatches {
    /** One committed micro-batch: when it was planned and when it was committed. */
    record Batch(long id, Instant planned, Instant committed) {
        Batch {
            requireNonNull(planned, "planned is null");
            requireNonNull(committed, "committed is null");
        }

        Duration duration() {
            return Duration.between(planned, committed);
        }
    }

    private ScorerBatches() {}

    /** The committed batches of the query checkpointed at {@code checkpoint}, by batch id; empty when there are none yet. */
    static List<Batch> committed(Path checkpoint) {
        List<Batch> batches = new ArrayList<>();
        for (long id : batchIds(checkpoint.resolve("commits"))) {
            Path offsets = checkpoint.resolve("offsets").resolve(String.valueOf(id));
            Path commit = checkpoint.resolve("commits").resolve(String.valueOf(id));
            try {
                batches.add(new Batch(id, Files.getLastModifiedTime(offsets).toInstant(), Files.getLastModifiedTime(commit).toInstant()));
            } catch (IOException e) {
                // an offsets file cleaned up by Spark (it keeps the latest 100 batches): that batch's start is unknown
            }
        }
        return batches;
    }

    private static List<Long> batchIds(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("\\d+")).map(Long::parseLong).sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
