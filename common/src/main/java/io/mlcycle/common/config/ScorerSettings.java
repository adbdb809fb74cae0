package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.LiveEventPolicy;
import io.mlcycle.common.dataset.QualityRule;
import io.mlcycle.common.dataset.QualitySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka Structured Streaming scorer.
 *
 * @param maxFutureSkew events whose event time is further ahead of the micro-batch's processing time are rejected
 * @param producerMaxRequestSize the Kafka producer's {@code max.request.size} (bytes) for every record the scorer writes; a
 *     prediction whose record would be larger goes to the dead letter instead
 * @param deadLetterMaxRawValueBytes longest raw value (bytes of UTF-8) a dead-letter record keeps; longer ones are cut
 * @param rulePolicy by kind of quality rule (every kind checked on live events), what happens to a live event that violates
 *     a rule of that kind; a rule's own {@code on-live-event} overrides it ({@link #liveEventPolicy})
 * @param aggregatesAllowedLateness how far behind its entity's latest event an event may be and still get exact entity
 *     aggregates: the scorer keeps each entity's events of the longest aggregate window plus this before its latest one
 */
public record ScorerSettings(
        String queryName, String checkpointDir, Duration triggerInterval, long maxOffsetsPerTrigger, String startingOffsets, Path modelCacheDir,
        Duration maxFutureSkew, int producerMaxRequestSize, int deadLetterMaxRawValueBytes, Map<QualityRule.Type, LiveEventPolicy> rulePolicy,
        Duration aggregatesAllowedLateness) {
    public static final String MAX_FUTURE_SKEW_KEY = "mlcycle.scorer.max-future-skew";
    public static final String PRODUCER_MAX_REQUEST_SIZE_KEY = "mlcycle.scorer.producer-max-request-size";
    public static final String DEAD_LETTER_MAX_RAW_VALUE_BYTES_KEY = "mlcycle.scorer.dead-letter.max-raw-value-bytes";
    public static final String RULE_POLICY_KEY = "mlcycle.scorer.rule-policy";
    public static final String AGGREGATES_ALLOWED_LATENESS_KEY = "mlcycle.scorer.aggregates.allowed-lateness";
    /** The kinds of rule checked on live events: all but unique keys, which compare rows. */
    public static final List<QualityRule.Type> LIVE_RULE_TYPES = List.of(QualityRule.Type.NOT_NULL, QualityRule.Type.RANGE,
            QualityRule.Type.ALLOWED_VALUES, QualityRule.Type.REGEX, QualityRule.Type.COMPARISON);

    /** Below this a dead-letter record could not hold a useful prefix of the value. */
    private static final int MIN_RAW_VALUE_BYTES = 1024;

    public ScorerSettings {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(checkpointDir, "checkpointDir is null");
        requireNonNull(triggerInterval, "triggerInterval is null");
        requireNonNull(startingOffsets, "startingOffsets is null");
        requireNonNull(modelCacheDir, "modelCacheDir is null");
        requireNonNull(maxFutureSkew, "maxFutureSkew is null");
        requireNonNull(aggregatesAllowedLateness, "aggregatesAllowedLateness is null");
        rulePolicy = Map.copyOf(rulePolicy);
        if (!rulePolicy.keySet().containsAll(LIVE_RULE_TYPES)) {
            throw new IllegalArgumentException("Cannot build scorer settings: rulePolicy " + rulePolicy + " lacks a policy for one of " + LIVE_RULE_TYPES);
        }
    }

    /** What happens to a live event that violates {@code rule} (a rule of {@code quality}): its own on-live-event, else its kind's. */
    public LiveEventPolicy liveEventPolicy(QualityRule rule, QualitySpec quality) {
        if (!LIVE_RULE_TYPES.contains(rule.type())) {
            throw new IllegalArgumentException("Cannot check rule " + rule.name() + " on live events: a " + ConfigReader.kebab(rule.type())
                    + " rule compares rows");
        }
        return quality.liveEventPolicy(rule.name()).orElse(rulePolicy.get(rule.type()));
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
                Math.min(maxRawValueBytes, maxRequestSize / 2),
                rulePolicy(reader),
                reader.positiveDuration(AGGREGATES_ALLOWED_LATENESS_KEY));
    }

    private static Map<QualityRule.Type, LiveEventPolicy> rulePolicy(ConfigReader reader) {
        reader.object(RULE_POLICY_KEY).ifPresent(object -> object.rejectUnknownKeys(
                LIVE_RULE_TYPES.stream().map(ConfigReader::kebab).toArray(String[]::new)));
        Map<QualityRule.Type, LiveEventPolicy> policies = new EnumMap<>(QualityRule.Type.class);
        for (QualityRule.Type type : LIVE_RULE_TYPES) {
            policies.put(type, reader.choice(RULE_POLICY_KEY + "." + ConfigReader.kebab(type), LiveEventPolicy.class));
        }
        return policies;
    }
}
