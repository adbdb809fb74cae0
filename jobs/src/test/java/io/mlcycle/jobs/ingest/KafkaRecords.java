package io.mlcycle.jobs.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/** Topics and records for the Kafka ingest tests, on the in-JVM cluster of {@link io.mlcycle.jobs.testing.TestKafka}. */
final class KafkaRecords {
    private KafkaRecords() {}

    static void createTopic(KafkaClusterTestKit kafka, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Sends {@code values} to one partition, in order, keyed "k-<value index>"; null values are sent as null. */
    static void produce(KafkaClusterTestKit kafka, String topic, int partition, List<String> values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k-" + i, values.get(i)));
            }
            producer.flush();
        }
    }

    /** {@code count} valid records {"id": "<prefix><i>", "name": "n<i>", "amount": i}. */
    static List<String> records(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "{\"id\":\"" + prefix + i + "\",\"name\":\"n" + i + "\",\"amount\":" + i + "}")
                .toList();
    }
}
