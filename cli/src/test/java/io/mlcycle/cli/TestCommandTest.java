package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCommandTest {
    @Test
    void mavenGetsTheStackAsUserProperties() {
        List<String> command = TestCommand.mavenCommand("/usr/bin/mvn", "127.0.0.1:19092", URI.create("http://127.0.0.1:5000"),
                Path.of("/repo/.mlcycle/venv"), Path.of("/repo/.mlcycle"), Path.of("/repo/conf/local.conf"), List.of("-pl", "cli"));

        assertThat(command).containsExactly(
                "/usr/bin/mvn", "-B", "verify",
                "-Dmlcycle.it.mlflow-uri=http://127.0.0.1:5000",
                "-Dmlcycle.it.kafka-bootstrap=127.0.0.1:19092",
                "-Dmlcycle.it.venv=/repo/.mlcycle/venv",
                "-Dmlcycle.it.work-dir=/repo/.mlcycle",
                "-Dmlcycle.it.config=/repo/conf/local.conf",
                "-pl", "cli");
    }
}
