package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Kafka Structured Streaming scorer.
 *
 * @param maxFutureSkew events whose event time is further ahead of the micro-batch's processing time are rejected
 * @param producerMaxRequestSize the Kafka producer's {@code max.request.size} (bytes) for every record the scorer writes; a
 *     prediction whose record would be larger goes to the dead letter instead
 * @param deadLetterMaxRawValueBytes longest raw value (bytes of UTF-8) a dead-letter record keeps; longer ones are cut
 */
public record ScorerSettings(
        String queryName, String checkpointDir, Duration triggerInterval, long maxOffsetsPerTrigger, String startingOffsets, Path modelCacheDir,
        Duration maxFutureSkew, int producerMaxRequestSize, int deadLetterMaxRawValueBytes) {
    public static final String MAX_FUTURE_SKEW_KEY = "mlcycle.scorer.max-future-skew";
    public static final String PRODUCER_MAX_REQUEST_SIZE_KEY = "mlcycle.scorer.producer-max-request-size";
    public static final String DEAD_LETTER_MAX_RAW_VALUE_BYTES_KEY = "mlcycle.scorer.dead-letter.max-raw-value-bytes";

    /** Below this a dead-letter record could not hold a useful prefix of the value. */
    private static final int MIN_RAW_VALUE_BYTES = 1024;

    public ScorerSettings {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(checkpointDir, "checkpointDir is null");
        requireNonNull(triggerInterval, "triggerInterval is null");
        requireNonNull(startingOffsets, "startingOffsets is null");
        requireNonNull(modelCacheDir, "modelCacheDir is null");
        requireNonNull(maxFutureSkew, "maxFutureSkew is null");
    }

    public static ScorerSettings read(ConfigReader reader, Path workDir) {
        String queryName = reader.nonBlankString("mlcycle.scorer.query-name");
        reader.check(queryName.matches("[a-zA-Z0-9._-]+"), "mlcycle.scorer.query-name", "'" + queryName + "'", "letters, digits, '.', '_' and '-'");
        String starting = reader.nonBlankString("mlcycle.scorer.starting-offsets");
        reader.check(starting.equals("earliest") || starting.equals("latest"), "mlcycle.scorer.starting-offsets", "'" + starting + "'", "earliest or latest");
        int maxRequestSize = reader.intInRange(PRODUCER_MAX_REQUEST_SIZE_KEY, 16 * MIN_RAW_VALUE_BYTES, Integer.MAX_VALUE);
        // half the request leaves room for the reason, the coordinates and the JSON around the raw value
        int maxRawValueBytes = reader.intInRange(DEAD_LETTER_MAX_RAW_VALUE_BYTES_KEY, MIN_RAW_VALUE_BYTES, Integer.MAX_VALUE);
        reader.check(maxRawValueBytes <= maxRequestSize / 2, DEAD_LETTER_MAX_RAW_VALUE_BYTES_KEY, String.valueOf(maxRawValueBytes),
                "at most half of " + PRODUCER_MAX_REQUEST_SIZE_KEY + " (" + maxRequestSize / 2 + "), so that a dead-letter record always fits");
        return new ScorerSettings(
                queryName,
                reader.location("mlcycle.scorer.checkpoint-dir", workDir),
                reader.positiveDuration("mlcycle.scorer.trigger-interval"),
                reader.longAtLeast("mlcycle.scorer.max-offsets-per-trigger", 1),
                starting,
                reader.path("mlcycle.scorer.model-cache-dir", workDir),
                reader.positiveDuration(MAX_FUTURE_SKEW_KEY),
                maxRequestSize,
                Math.min(maxRawValueBytes, maxRequestSize / 2));
    }
}
