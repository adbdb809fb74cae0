package io.mlcycle.streaming;

import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.dataset.LiveEventPolicy;
import io.mlcycle.common.dataset.QualityRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Settings of the scorer under test, everything below one work folder; small and fast for 2 cores. */
final class TestSettings {
    static final String MODEL = "it-model";
    static final String ALIAS = "champion";
    static final KafkaSettings.Topics TOPICS = new KafkaSettings.Topics("events", "predictions", "dead-letters", "alerts", "labels");
    static final SparkSettings SPARK = new SparkSettings("local[2]", 2, 2, "1g");

    private TestSettings() {}

    static LakeSettings lake(Path work) {
        String root = work.resolve("lake").toString();
        return new LakeSettings(root + "/bronze", root + "/silver", root + "/quarantine", root + "/features", root + "/predictions", root + "/dead_letters",
                root + "/drift", root + "/alerts", root + "/drift_counts", root + "/ingestion_log");
    }

    /** The shipped mlcycle.scorer.rule-policy, written out. */
    static final Map<QualityRule.Type, LiveEventPolicy> RULE_POLICY = Map.of(
            QualityRule.Type.NOT_NULL, LiveEventPolicy.REJECT,
            QualityRule.Type.RANGE, LiveEventPolicy.SCORE_AND_FLAG,
            QualityRule.Type.ALLOWED_VALUES, LiveEventPolicy.SCORE_AND_FLAG,
            QualityRule.Type.REGEX, LiveEventPolicy.SCORE_AND_FLAG,
            QualityRule.Type.COMPARISON, LiveEventPolicy.SCORE_AND_FLAG);

    static ScorerSettings scorer(Path work, long maxOffsetsPerTrigger) {
        return new ScorerSettings("it-scorer", work.resolve("checkpoint").toString(), Duration.ofMillis(500), maxOffsetsPerTrigger,
                "earliest", work.resolve("cache"), Duration.ofMinutes(5), 1048576, 65536, RULE_POLICY,
                Duration.ofHours(1));
    }

    static KafkaSettings kafka(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, 2, Duration.ofDays(1), true, TOPICS);
    }
}
