package io.mlcycle.cli.spark;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shaded jars that spark-submit runs, as the Maven build leaves them in the repository. */
public final class SparkJars {
    private SparkJars() {}

    /** {@code jobs/target/mlcycle-jobs-<version>-spark.jar}. */
    public static Path jobs(Path repositoryRoot) {
        return find(repositoryRoot.resolve("jobs").resolve("target"), "mlcycle-jobs-*-spark.jar");
    }

    /** {@code streaming/target/mlcycle-streaming-<version>-spark.jar}. */
    public static Path streaming(Path repositoryRoot) {
        return find(repositoryRoot.resolve("streaming").resolve("target"), "mlcycle-streaming-*-spark.jar");
    }

    private static Path find(Path directory, String glob) {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(directory, glob)) {
                matches.forEach(jars::add);
            } catch (IOException e) {
                // reported below
            }
        }
        if (jars.size() != 1) {
            throw new CliException(CliError.MISSING_BUILD_OUTPUT, "Cannot find exactly one " + directory.resolve(glob)
                    + " (found " + jars.size() + "). Build it from the repository root with: mvn -B -q install -DskipTests"
                    + " (./mlcycle does this when the build is missing or out of date).");
        }
        return jars.get(0).toAbsolutePath();
    }
}
