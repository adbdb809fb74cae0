package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where Kafka is, mlcycle's topics, and how mlcycle creates them. {@code createTopics}: whether the scorer creates its
 * missing output topics at start-up (with {@code partitions} and {@code retention}) or fails; its input topic is never
 * created.
 */
public record KafkaSettings(String bootstrapServers, int partitions, Duration retention, boolean createTopics, Topics topics) {
    public KafkaSettings {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(topics, "topics is null");
    }

    /** mlcycle's topic names. */
    public record Topics(String events, String predictions, String deadLetter, String alerts, String labels) {
        public Topics {
            requireNonNull(events, "events is null");
            requireNonNull(predictions, "predictions is null");
            requireNonNull(deadLetter, "deadLetter is null");
            requireNonNull(alerts, "alerts is null");
            requireNonNull(labels, "labels is null");
        }

        public java.util.List<String> all() {
            return java.util.List.of(events, predictions, deadLetter, alerts, labels);
        }
    }

    public static KafkaSettings read(ConfigReader reader) {
        String servers = reader.nonBlankString("mlcycle.kafka.bootstrap-servers");
        reader.check(servers.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*"), "mlcycle.kafka.bootstrap-servers", "'" + servers + "'",
                "a comma-separated list of host:port such as 127.0.0.1:19092");
        return new KafkaSettings(
                servers,
                reader.intInRange("mlcycle.kafka.partitions", 1, 10_000),
                reader.positiveDuration("mlcycle.kafka.retention"),
                reader.bool("mlcycle.kafka.create-topics"),
                new Topics(
                        topic(reader, "events"),
                        topic(reader, "predictions"),
                        topic(reader, "dead-letter"),
                        topic(reader, "alerts"),
                        topic(reader, "labels")));
    }

    private static String topic(ConfigReader reader, String name) {
        String key = "mlcycle.kafka.topics." + name;
        String topic = reader.nonBlankString(key);
        reader.check(topic.matches("[a-zA-Z0-9._-]{1,249}"), key, "'" + topic + "'",
                "a Kafka topic name of letters, digits, '.', '_' and '-'");
        return topic;
    }
}
