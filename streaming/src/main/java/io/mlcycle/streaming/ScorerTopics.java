package io.mlcycle.streaming;

import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.platform.kafka.ConfiguredTopic;
import io.mlcycle.platform.kafka.KafkaTopics;
import io.mlcycle.platform.kafka.KafkaTopicsException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer's start-up check of its topics, before the query starts: the events topic must exist (the scorer never
 * creates its input); the predictions, dead-letter and alerts topics are created when missing if
 * {@code mlcycle.kafka.create-topics} is true, and are an error otherwise. Without it, a missing output topic would show
 * only at the first write, as a producer's 60-second metadata timeout inside a micro-batch.
 */
final class ScorerTopics {
    /** Bound of each admin call; an unreachable broker fails after it. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ScorerTopics.class);

    private ScorerTopics() {}

    /** Checks the topics and creates missing outputs as configured; throws a {@link KafkaTopicsException} naming the topic and key. */
    static void ensure(KafkaSettings kafka, Duration timeout) {
        KafkaSettings.Topics topics = kafka.topics();
        List<ConfiguredTopic> outputs = List.of(
                new ConfiguredTopic(topics.predictions(), "mlcycle.kafka.topics.predictions"),
                new ConfiguredTopic(topics.deadLetter(), "mlcycle.kafka.topics.dead-letter"),
                new ConfiguredTopic(topics.alerts(), "mlcycle.kafka.topics.alerts"));
        try (KafkaTopics admin = KafkaTopics.connect(kafka.bootstrapServers(), timeout)) {
            List<String> created = admin.requireOrCreate(List.of(new ConfiguredTopic(topics.events(), "mlcycle.kafka.topics.events")),
                    outputs, KafkaTopics.CreateMissing.of(kafka.createTopics()), kafka.partitions(), kafka.retention());
            if (!created.isEmpty()) {
                LOG.info("Created the scorer's missing output topics {} on {} ({} partitions, retention {}).", created,
                        kafka.bootstrapServers(), kafka.partitions(), kafka.retention());
            }
        }
    }
}
