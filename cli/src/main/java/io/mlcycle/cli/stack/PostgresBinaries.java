package io.mlcycle.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the PostgreSQL server programs are: Debian's packages put each major version in {@code /usr/lib/postgresql/<major>/bin}
 * (several can be installed side by side). A data folder can only be run by the major version that initialized it.
 */
final class PostgresBinaries {
    /** Where Debian's {@code postgresql-<major>} packages install the server programs. */
    static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final List<String> PROGRAMS = List.of("initdb", "postgres", "pg_ctl", "pg_isready", "psql");

    private PostgresBinaries() {}

    /**
     * The {@code bin} folder of {@code major} when given (the version that initialized an existing data folder), otherwise
     * of the newest major version under {@code root}; empty when none has every program mlcycle runs.
     */
    static Optional<Path> find(Path root, Optional<String> major) {
        if (major.isPresent()) {
            Path bin = root.resolve(major.get()).resolve("bin");
            return isComplete(bin) ? Optional.of(bin) : Optional.empty();
        }
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(version -> version.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .max(Comparator.comparingDouble(version -> Double.parseDouble(version.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .filter(PostgresBinaries::isComplete);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
    }

    /** The major version that initialized {@code dataDir} (its {@code PG_VERSION} file), if it was. */
    static Optional<String> dataVersion(Path dataDir) {
        Path file = dataDir.resolve("PG_VERSION");
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static boolean isComplete(Path bin) {
        return PROGRAMS.stream().allMatch(program -> Files.isExecutable(bin.resolve(program)));
    }
}
