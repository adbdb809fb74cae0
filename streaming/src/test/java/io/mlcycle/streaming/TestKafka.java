package io.mlcycle.streaming;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real one-node KRaft cluster in this JVM, with mlcycle's test topics (2 partitions each) already created. */
final class TestKafka {
    private TestKafka() {}

    static KafkaClusterTestKit start(Path directory) throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(directory)
                        .build())
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(TestSettings.TOPICS.all().stream().map(topic -> new NewTopic(topic, 2, (short) 1)).toList()).all().get();
        }
        return kafka;
    }
}
