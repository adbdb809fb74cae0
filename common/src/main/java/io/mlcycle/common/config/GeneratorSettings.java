package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The seeded synthetic data generator. */
public record GeneratorSettings(
        long seed, int historyRows, int entities, Instant startTime, Duration eventInterval, double missingIncomeShare, Path outputDir) {
    public GeneratorSettings {
        requireNonNull(startTime, "startTime is null");
        requireNonNull(eventInterval, "eventInterval is null");
        requireNonNull(outputDir, "outputDir is null");
    }

    public static GeneratorSettings read(ConfigReader reader, Path workDir) {
        return new GeneratorSettings(
                reader.longAtLeast("mlcycle.generator.seed", Long.MIN_VALUE),
                reader.intInRange("mlcycle.generator.history-rows", 100, 100_000_000),
                reader.intInRange("mlcycle.generator.entities", 1, 100_000_000),
                reader.instant("mlcycle.generator.start-time"),
                reader.positiveDuration("mlcycle.generator.event-interval"),
                reader.doubleInRange("mlcycle.generator.missing-income-share", 0.0, 1.0),
                reader.path("mlcycle.generator.output-dir", workDir));
    }
}
