package io.mlcycle.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads a Structured Streaming checkpoint's progress: Spark writes {@code offsets/<batch>} when it plans a
 * micro-batch and {@code commits/<batch>} when the batch's sink work (here the whole foreachBatch) is done.
 */
public final class CheckpointProgress {
    private CheckpointProgress() {}

    /** True when every planned batch is committed: the query is idle between micro-batches. */
    public static boolean allCommitted(Path checkpoint) {
        OptionalLong planned = latest(checkpoint.resolve("offsets"));
        return planned.isEmpty() || latest(checkpoint.resolve("commits")).equals(planned);
    }

    static OptionalLong latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("\\d+"))
                    .mapToLong(Long::parseLong)
                    .max();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
