package io.mlcycle.common.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Local-disk folder operations shared by the jobs, the scorer and the CLI. */
public final class LocalFiles {
    private LocalFiles() {}

    /** Deletes {@code dir} and everything below it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new hidden folder next to {@code target}, on the same file system, to fill before {@link #publish}
     * moves it into place in one step: readers never see a half-written {@code target}.
     */
    public static Path stagingDirectory(Path target, String purpose) {
        Path absolute = target.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            return Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + "." + purpose + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a staging folder next to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Moves a filled staging folder to {@code target} atomically; {@code target} must be absent or empty. */
    public static void publish(Path staging, Path target) {
        try {
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (DirectoryNotEmptyException e) {
            throw new IllegalStateException("Cannot move " + staging + " into " + target + ": something else filled it meanwhile", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move " + staging + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
