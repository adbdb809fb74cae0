package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.config.Secret;
import io.mlcycle.common.config.StackSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestCommandTest {
    private static final StackSettings.Postgres POSTGRES =
            new StackSettings.Postgres(true, 15432, "mlcycle", "mlcycle", Secret.of("pg-secret"), Duration.ofSeconds(60));

    @Test
    void mavenGetsTheStackAsUserProperties() {
        List<String> command = mavenCommand(POSTGRES);

        assertThat(command).containsExactly(
                "/usr/bin/mvn", "-B", "verify",
                "-Dmlcycle.it.mlflow-uri=http://127.0.0.1:5000",
                "-Dmlcycle.it.kafka-bootstrap=127.0.0.1:19092",
                "-Dmlcycle.it.venv=/repo/.mlcycle/venv",
                "-Dmlcycle.it.work-dir=/repo/.mlcycle",
                "-Dmlcycle.it.config=/repo/conf/local.conf",
                "-Dmlcycle.it.postgres-url=jdbc:postgresql://127.0.0.1:15432/mlcycle",
                "-Dmlcycle.it.postgres-user=mlcycle",
                "-pl", "cli");
    }

    @Test
    void thePostgresPasswordGoesInTheEnvironmentNotOnTheCommandLine() {
        assertThat(mavenCommand(POSTGRES)).noneMatch(argument -> argument.contains("pg-secret"));
        assertThat(TestCommand.mavenEnvironment(POSTGRES)).isEqualTo(Map.of("MLCYCLE_IT_POSTGRES_PASSWORD", "pg-secret"));
    }

    @Test
    void aDisabledPostgresIsNotPassedOn() {
        StackSettings.Postgres disabled = new StackSettings.Postgres(false, 15432, "mlcycle", "mlcycle", Secret.of("pg-secret"),
                Duration.ofSeconds(60));

        assertThat(mavenCommand(disabled)).noneMatch(argument -> argument.contains("postgres"));
        assertThat(TestCommand.mavenEnvironment(disabled)).isEmpty();
    }

    private static List<String> mavenCommand(StackSettings.Postgres postgres) {
        return TestCommand.mavenCommand("/usr/bin/mvn", "127.0.0.1:19092", URI.create("http://127.0.0.1:5000"),
                Path.of("/repo/.mlcycle/venv"), Path.of("/repo/.mlcycle"), Path.of("/repo/conf/local.conf"), postgres, List.of("-pl", "cli"));
    }
}
