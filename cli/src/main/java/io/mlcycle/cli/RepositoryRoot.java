package io.mlcycle.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The mlcycle checkout the CLI runs from: the nearest directory, from the working directory up, with the launcher and pom.xml. */
public final class RepositoryRoot {
    private RepositoryRoot() {}

    public static Path find() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mlcycle")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new CliException(CliError.MISSING_BUILD_OUTPUT, "Cannot find the mlcycle checkout from " + start
                + ": no directory from here up holds both the ./mlcycle launcher and pom.xml. Run ./mlcycle from the repository root.");
    }
}
