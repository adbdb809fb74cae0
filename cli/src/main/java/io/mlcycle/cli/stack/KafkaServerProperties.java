package io.mlcycle.cli.stack;

import java.nio.file.Path;

/** The {@code server.properties} of the local single-node KRaft broker (broker and controller in one JVM). */
public final class KafkaServerProperties {
    private KafkaServerProperties() {}

    /** Renders the broker's configuration; {@code dataDir} is absolute and holds the topic logs and KRaft metadata. */
    public static String render(int port, int controllerPort, Path dataDir) {
        String broker = "127.0.0.1:" + port;
        String controller = "127.0.0.1:" + controllerPort;
        return String.join("\n",
                "# Written by './mlcycle stack up' from mlcycle.stack.kafka.*; rewritten on every start, do not edit.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://" + broker + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + broker + ",CONTROLLER://" + controller,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + escape(dataDir.toAbsolutePath().toString()),
                "# One broker: internal topics cannot have more than one replica.",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "# A consumer group on one machine need not wait for more members to join.",
                "group.initial.rebalance.delay.ms=0",
                "# mlcycle creates its topics with explicit partitions and retention; a typo must not create another.",
                "auto.create.topics.enable=false",
                "");
    }

    /** Backslashes start escapes in a properties file. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
