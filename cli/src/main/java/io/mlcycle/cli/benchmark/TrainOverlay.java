package io.mlcycle.cli.benchmark;

import com.typesafe.config.ConfigUtil;
import io.mlcycle.cli.ConfigLayers;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config file a benchmark's {@code train:<algorithm>} stage runs with: the user's config file, included, with
 * {@code mlcycle.train.algorithms = [{ name = "<algorithm>" }]} on top, so that only that algorithm trains, at mlcycle's
 * default parameters (one grid point). A file rather than a {@code -D} override because a system property is a string,
 * never a HOCON list. Like {@code ConfigLoader}, it falls back to the {@code application.conf} next to the user's file.
 */
final class TrainOverlay {
    private TrainOverlay() {}

    /** The overlay's text for training only {@code algorithm} on top of {@code userConfig}. */
    static String content(Path userConfig, Algorithm algorithm) {
        Path user = userConfig.toAbsolutePath().normalize();
        String name = ConfigReader.kebab(algorithm);
        return new StringBuilder()
                .append("# Written by ./mlcycle benchmark for stage train:").append(name).append(": the configuration of ").append(user)
                .append(",\n# training only ").append(name).append(" with its default parameters. Rewritten by every benchmark run.\n")
                .append(ConfigLayers.includes(user))
                .append("mlcycle.train.algorithms = [ { name = ").append(ConfigUtil.quoteString(name)).append(" } ]\n")
                .append("mlcycle.mlflow.registered-model = ").append(ConfigUtil.quoteString(registeredModel(algorithm))).append("\n")
                .toString();
    }

    /**
     * The registered model of an algorithm's benchmark runs, {@code mlcycle-benchmark-<algorithm>}: its own, so that the
     * train job's gate compares it with its own earlier benchmark champion only, never another algorithm's.
     */
    static String registeredModel(Algorithm algorithm) {
        return BenchmarkCommand.MLFLOW_NAME + "-" + ConfigReader.kebab(algorithm);
    }

    /** Writes the overlay for {@code algorithm} as {@code <directory>/train-<algorithm>.conf}, replacing an older one. */
    static Path write(Path directory, Path userConfig, Algorithm algorithm) {
        Path file = directory.resolve("train-" + ConfigReader.kebab(algorithm) + ".conf");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, content(userConfig, algorithm));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the benchmark's train config " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
