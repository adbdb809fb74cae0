package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlcycle.platform.kafka.TextProducers;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The reference the scorer is measured against: the least a Kafka-to-Kafka scorer must do, in one thread of the CLI's JVM.
 * A plain {@link KafkaConsumer} reads the events topic from its beginning, each value is parsed with Jackson, and one JSON
 * record per event (its id and how many fields it had) goes to the output topic through a {@link KafkaProducer} with the
 * settings mlcycle's producers use (idempotent, acks=all); the loop ends when the last record is acknowledged.
 */
final class BareKafkaLoop {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the loop waits for the next records before it gives up on the missing ones. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * When the loop started (before the consumer connected), received its first records, and had its last record
     * acknowledged; {@code records} were read and acknowledged.
     */
    record Timing(long records, Instant started, Instant firstRecord, Instant finished) {
        Timing {
            requireNonNull(started, "started is null");
            requireNonNull(firstRecord, "firstRecord is null");
            requireNonNull(finished, "finished is null");
        }

        /** From the start, connecting included, to the last acknowledgement. */
        double seconds() {
            return Duration.between(started, finished).toNanos() / 1e9;
        }

        /** From the first records received to the last acknowledgement. */
        double sustainedSeconds() {
            return Duration.between(firstRecord, finished).toNanos() / 1e9;
        }
    }

    private BareKafkaLoop() {}

    /** Reads {@code events} records of {@code inputTopic} (all its partitions, from the beginning) and writes one per event to {@code outputTopic}. */
    static Timing run(String bootstrapServers, String inputTopic, String outputTopic, long events, String idColumn) {
        Instant started = Instant.now();
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Instant firstRecord = null;
        long read = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers));
                KafkaProducer<String, String> producer = new KafkaProducer<>(TextProducers.properties(bootstrapServers))) {
            List<TopicPartition> partitions = consumer.partitionsFor(inputTopic).stream()
                    .map(partition -> new TopicPartition(inputTopic, partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant lastRecords = Instant.now();
            while (read < events) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (Instant.now().isAfter(lastRecords.plus(IDLE_TIMEOUT))) {
                        throw new IllegalStateException("Cannot finish the bare Kafka loop: read " + read + " of " + events + " events from "
                                + inputTopic + ", then nothing for " + IDLE_TIMEOUT.toSeconds() + " s");
                    }
                    continue;
                }
                lastRecords = Instant.now();
                if (firstRecord == null) {
                    firstRecord = lastRecords;
                }
                for (ConsumerRecord<String, String> record : records) {
                    String value = output(record.value(), idColumn);
                    producer.send(new ProducerRecord<>(outputTopic, record.key(), value), (metadata, exception) -> {
                        if (exception == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, exception);
                        }
                    });
                    read++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null || acknowledged.get() != read) {
            throw new IllegalStateException("Cannot finish the bare Kafka loop: " + acknowledged.get() + " of " + read + " records to "
                    + outputTopic + " were acknowledged" + (failure.get() == null ? "" : " (" + failure.get().getMessage() + ")"), failure.get());
        }
        return new Timing(read, started, firstRecord, Instant.now());
    }

    /** The loop's record for one event: its id and its number of fields, so that the parse is used, not skipped. */
    static String output(String event, String idColumn) {
        ObjectNode output = JSON.createObjectNode();
        try {
            JsonNode parsed = JSON.readTree(event);
            output.set(idColumn, parsed.path(idColumn));
            output.put("fields", parsed.size());
        } catch (IOException e) {
            output.put("error", e.getMessage());
        }
        return output.toString();
    }

    private static Properties consumerProperties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return properties;
    }
}
