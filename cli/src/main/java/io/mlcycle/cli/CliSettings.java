package io.mlcycle.cli;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.StackSettings;
import io.mlcycle.common.config.WorkDir;
import java.nio.file.Path;

/**
 * What the CLI's commands need from the configuration, read and validated once at start-up (every problem reported
 * at once). {@code configFile} is absolute: it is handed on to jobs and tests started from other directories.
 * A command that needs more (the demo's generator settings) adds its record here.
 */
public record CliSettings(
        Path configFile,
        Path workDir,
        StackSettings stack,
        KafkaSettings kafka,
        MlflowSettings mlflow,
        SparkSettings spark) {
    public CliSettings {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(workDir, "workDir is null");
        requireNonNull(stack, "stack is null");
        requireNonNull(kafka, "kafka is null");
        requireNonNull(mlflow, "mlflow is null");
        requireNonNull(spark, "spark is null");
    }

    /** Loads {@code configFile} (with system-property and environment overrides, see {@link ConfigLoader}) and validates it. */
    public static CliSettings load(Path configFile) {
        return read(ConfigLoader.load(configFile), configFile);
    }

    public static CliSettings read(Config config, Path configFile) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        CliSettings settings = new CliSettings(
                configFile.toAbsolutePath().normalize(),
                workDir,
                StackSettings.read(reader, workDir),
                KafkaSettings.read(reader),
                MlflowSettings.read(reader),
                SparkSettings.read(reader));
        reader.throwIfInvalid();
        return settings;
    }
}
