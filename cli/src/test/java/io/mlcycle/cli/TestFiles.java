package io.mlcycle.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the tests run in, and config files written for a test. */
public final class TestFiles {
    private TestFiles() {}

    /** The repository root, which the cli pom hands to surefire and failsafe. */
    public static Path repositoryRoot() {
        String root = System.getProperty("mlcycle.test.repository-root");
        if (root == null) {
            throw new IllegalStateException("System property mlcycle.test.repository-root is not set: run the tests through Maven"
                    + " (./mlcycle test, or mvn -pl cli verify), whose cli/pom.xml sets it.");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** A config file in {@code directory} that includes the repository's conf/local.conf and then applies {@code hocon}. */
    public static Path configFile(Path directory, String hocon) {
        Path file = directory.resolve("test.conf");
        String include = "include file(\"" + repositoryRoot().resolve("conf").resolve("local.conf") + "\")\n";
        try {
            Files.writeString(file, include + hocon);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
