package io.mlcycle.streaming;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Events for the scorer under test ({@link TestModels#SPEC}) and reading its JSON output topics. */
final class TestRecords {
    static final ObjectMapper JSON = new ObjectMapper();

    private TestRecords() {}

    /** An event of {@link TestModels#SPEC} whose features are training row {@code row}, the amount times {@code amountFactor}. */
    static String event(String id, String eventTime, int row, double amountFactor) {
        Map<String, Object> event = new HashMap<>();
        event.put("event_id", id);
        event.put("customer", "c-" + (row % 7));
        event.put("event_time", eventTime);
        event.put("amount", TestModels.amount(row) * amountFactor);
        event.put("income", TestModels.income(row));
        event.put("channel", TestModels.channel(row));
        event.put("unknown_field", "ignored");
        return json(event);
    }

    static String json(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A prediction's id, or a dead letter's {@code topic-partition-offset}. */
    static String idOrCoordinates(JsonNode json) {
        return json.has("event_id") ? json.path("event_id").asText()
                : json.path("kafka_topic").asText() + "-" + json.path("kafka_partition").asText() + "-" + json.path("kafka_offset").asText();
    }

    /** Reads {@code topic} from the beginning until {@code expected} distinct matching records arrived (by {@code key}). */
    static Map<String, JsonNode> awaitJson(String bootstrapServers, String topic, int expected, Predicate<JsonNode> filter,
                                           Function<JsonNode, String> key, Duration timeout) {
        Map<String, JsonNode> found = new HashMap<>();
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(timeout).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode json = JSON.readTree(record.value());
                    if (filter.test(json)) {
                        found.put(key.apply(json), json);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }
}
