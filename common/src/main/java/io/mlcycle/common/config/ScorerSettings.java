package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/** The Kafka Structured Streaming scorer. */
public record ScorerSettings(
        String queryName, String checkpointDir, Duration triggerInterval, long maxOffsetsPerTrigger, String startingOffsets, Path modelCacheDir) {
    public ScorerSettings {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(checkpointDir, "checkpointDir is null");
        requireNonNull(triggerInterval, "triggerInterval is null");
        requireNonNull(startingOffsets, "startingOffsets is null");
        requireNonNull(modelCacheDir, "modelCacheDir is null");
    }

    public static ScorerSettings read(ConfigReader reader, Path workDir) {
        String queryName = reader.nonBlankString("mlcycle.scorer.query-name");
        reader.check(queryName.matches("[a-zA-Z0-9._-]+"), "mlcycle.scorer.query-name", "'" + queryName + "'", "letters, digits, '.', '_' and '-'");
        String starting = reader.nonBlankString("mlcycle.scorer.starting-offsets");
        reader.check(starting.equals("earliest") || starting.equals("latest"), "mlcycle.scorer.starting-offsets", "'" + starting + "'", "earliest or latest");
        return new ScorerSettings(
                queryName,
                reader.location("mlcycle.scorer.checkpoint-dir", workDir),
                reader.positiveDuration("mlcycle.scorer.trigger-interval"),
                reader.longAtLeast("mlcycle.scorer.max-offsets-per-trigger", 1),
                starting,
                reader.path("mlcycle.scorer.model-cache-dir", workDir));
    }
}
