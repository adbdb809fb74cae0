package io.mlcycle.jobs.generate;

import io.mlcycle.common.config.KafkaSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates a topic the generator writes to when it is missing (brokers may refuse to auto-create), as mlcycle creates its own. */
final class KafkaTopic {
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopic() {}

    static void ensure(KafkaSettings kafka, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            NewTopic newTopic = new NewTopic(topic, kafka.partitions(), (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(kafka.retention().toMillis())));
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create Kafka topic " + topic + " (mlcycle.generator.kafka-topic) on "
                        + kafka.bootstrapServers() + " (mlcycle.kafka.bootstrap-servers): " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot create Kafka topic " + topic + ": " + kafka.bootstrapServers()
                    + " (mlcycle.kafka.bootstrap-servers) did not answer within " + TIMEOUT_SECONDS + " s. Is Kafka up? ./mlcycle stack status", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topic " + topic, e);
        }
    }
}
