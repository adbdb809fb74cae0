package io.mlcycle.cli.stack;

import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.config.StackSettings;
import java.nio.file.Path;
import java.time.Duration;

/** Hand-written stack settings for tests that do not go through a config file. */
final class TestStackSettings {
    private TestStackSettings() {}

    static StackSettings stack(Path workDir, int kafkaPort, int controllerPort, int mlflowPort) {
        return new StackSettings(workDir, kafkaPort, controllerPort, "256m", Duration.ofSeconds(30),
                workDir.resolve("no-kafka-jars"), mlflowPort, "3.17.2", Duration.ofSeconds(30), 1, "python3", "4.2.0",
                workDir.resolve("venv"), Duration.ofSeconds(10), postgres(15432));
    }

    static StackSettings.Postgres postgres(int port) {
        return new StackSettings.Postgres(true, port, "mlcycle", "mlcycle", Secret.of("it's-secret"), Duration.ofSeconds(30));
    }

    static KafkaSettings kafka(int port) {
        return new KafkaSettings("127.0.0.1:" + port, 2, Duration.ofDays(7), true,
                new KafkaSettings.Topics("events", "predictions", "events-dead-letter", "alerts", "labels"));
    }
}
