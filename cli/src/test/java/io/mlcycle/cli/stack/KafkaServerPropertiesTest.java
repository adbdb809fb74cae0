package io.mlcycle.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KafkaServerPropertiesTest {
    @Test
    void rendersSingleNodeKraftBrokerOnLoopback() {
        String properties = KafkaServerProperties.render(29092, 29093, Path.of("/srv/mlcycle/services/kafka/data"));

        assertThat(properties.lines().filter(line -> !line.startsWith("#"))).containsExactly(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:29093",
                "listeners=PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093",
                "advertised.listeners=PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=/srv/mlcycle/services/kafka/data",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false");
    }

    @Test
    void escapesBackslashesInTheDataFolder() {
        String properties = KafkaServerProperties.render(19092, 19093, Path.of("/tmp/odd\\name/data"));

        assertThat(properties).contains("log.dirs=/tmp/odd\\\\name/data\n");
    }
}
