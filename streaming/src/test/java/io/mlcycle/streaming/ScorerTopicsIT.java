package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.platform.kafka.ConfiguredTopic;
import io.mlcycle.platform.kafka.KafkaTopics;
import io.mlcycle.platform.kafka.KafkaTopicsException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorer's start-up topic check against a real in-JVM Kafka cluster that holds the test topics of {@link TestSettings}. */
class ScorerTopicsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    private static KafkaClusterTestKit kafka;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start(work.resolve("kafka"));
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void passesWhenEveryTopicExists() throws Exception {
        List<String> before = List.copyOf(admin.listTopics().names().get());

        ScorerTopics.ensure(settings(TestSettings.TOPICS, false), TIMEOUT);

        assertThat(admin.listTopics().names().get()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aMissingInputTopicIsAnErrorEvenWhenTopicsMayBeCreated() throws Exception {
        KafkaSettings.Topics topics = new KafkaSettings.Topics("no-such-events", "predictions", "dead-letters", "alerts", "labels");

        assertThatThrownBy(() -> ScorerTopics.ensure(settings(topics, true), TIMEOUT))
                .isInstanceOf(KafkaTopicsException.class)
                .hasMessage("Cannot read topic no-such-events (mlcycle.kafka.topics.events): it does not exist on " + kafka.bootstrapServers()
                        + ". Create it (./mlcycle stack up creates mlcycle's topics), or set mlcycle.kafka.topics.events to the topic to read.")
                .satisfies(e -> assertThat(((KafkaTopicsException) e).category()).isEqualTo(KafkaTopicsException.Category.MISSING_TOPIC));
        assertThat(admin.listTopics().names().get()).doesNotContain("no-such-events");
    }

    @Test
    void createsAMissingOutputTopicWithMlcyclesPartitionsAndRetention() throws Exception {
        KafkaSettings.Topics topics = new KafkaSettings.Topics("events", "created-predictions", "dead-letters", "alerts", "labels");

        ScorerTopics.ensure(new KafkaSettings(kafka.bootstrapServers(), 3, Duration.ofHours(5), true, topics), TIMEOUT);

        // a created topic reaches the broker's metadata a moment after CreateTopics answers
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "created-predictions");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            TopicDescription created = admin.describeTopics(List.of("created-predictions")).allTopicNames().get().get("created-predictions");
            assertThat(created.partitions()).hasSize(3);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                    .isEqualTo(String.valueOf(5 * 3600 * 1000));
        });
    }

    @Test
    void creatingATopicThatExistsLeavesItAsItIs() throws Exception {
        try (KafkaTopics topics = KafkaTopics.connect(kafka.bootstrapServers(), TIMEOUT)) {
            List<String> created = topics.create(List.of(new ConfiguredTopic("predictions", "mlcycle.kafka.topics.predictions"),
                    new ConfiguredTopic("new-topic", "mlcycle.generator.kafka-topic")), 1, Duration.ofDays(1));

            assertThat(created).containsExactly("new-topic");
        }
        assertThat(admin.describeTopics(List.of("predictions")).allTopicNames().get().get("predictions").partitions())
                .as("as TestKafka created it").hasSize(2);
    }

    @Test
    void aMissingOutputTopicIsAnErrorWhenTopicsMayNotBeCreated() throws Exception {
        KafkaSettings.Topics topics = new KafkaSettings.Topics("events", "absent-predictions", "dead-letters", "absent-alerts", "labels");

        assertThatThrownBy(() -> ScorerTopics.ensure(settings(topics, false), TIMEOUT))
                .isInstanceOf(KafkaTopicsException.class)
                .hasMessage("Cannot write to topic absent-predictions (mlcycle.kafka.topics.predictions): it does not exist on "
                        + kafka.bootstrapServers() + " (nor do [absent-alerts (mlcycle.kafka.topics.alerts)]) and mlcycle.kafka.create-topics"
                        + " is false. Create it, set mlcycle.kafka.create-topics = true to let mlcycle create it, or set"
                        + " mlcycle.kafka.topics.predictions to an existing topic.");
        assertThat(admin.listTopics().names().get()).doesNotContain("absent-predictions", "absent-alerts");
    }

    @Test
    void anUnreachableBrokerFailsWithinTheTimeoutNamingTheBootstrapServersKey() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaSettings nowhere = new KafkaSettings("127.0.0.1:" + closedPort, 2, Duration.ofDays(1), true, TestSettings.TOPICS);

        long started = System.nanoTime();
        assertThatThrownBy(() -> ScorerTopics.ensure(nowhere, Duration.ofSeconds(2)))
                .isInstanceOf(KafkaTopicsException.class)
                .hasMessage("Cannot list the topics: Kafka at 127.0.0.1:" + closedPort + " (mlcycle.kafka.bootstrap-servers) did not answer"
                        + " within 2 s. Start it (./mlcycle stack up) or point mlcycle.kafka.bootstrap-servers at your brokers.")
                .satisfies(e -> assertThat(((KafkaTopicsException) e).category()).isEqualTo(KafkaTopicsException.Category.UNREACHABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    private static KafkaSettings settings(KafkaSettings.Topics topics, boolean createTopics) {
        return new KafkaSettings(kafka.bootstrapServers(), 2, Duration.ofDays(1), createTopics, topics);
    }
}
