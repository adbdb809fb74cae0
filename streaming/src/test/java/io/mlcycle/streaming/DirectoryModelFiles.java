package io.mlcycle.streaming;

import io.mlcycle.common.io.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Model files from a local directory: the source URI is the directory's path. */
final class DirectoryModelFiles implements ModelFiles {
    @Override
    public Path download(String sourceUri, Path targetDir) {
        Path source = Path.of(sourceUri);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path target = targetDir.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
            return targetDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
