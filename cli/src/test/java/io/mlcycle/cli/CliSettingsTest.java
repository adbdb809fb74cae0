package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.ConfigValidationException;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.config.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliSettingsTest {
    @TempDir
    Path directory;

    @Test
    void stackDefaults() {
        Path config = TestFiles.configFile(directory, "mlcycle.work-dir = \"" + directory + "/work\"\n");

        CliSettings settings = CliSettings.load(config);

        Path launchDirectory = Path.of("").toAbsolutePath();
        assertThat(settings.configFile()).isEqualTo(config.toAbsolutePath());
        assertThat(settings.workDir()).isEqualTo(directory.resolve("work"));
        assertThat(settings.stack()).isEqualTo(new StackSettings(
                directory.resolve("work"), 19092, 19093, "512m", Duration.ofSeconds(60),
                launchDirectory.resolve("deploy/kafka-broker/target/lib"),
                5000, "3.17.2", Duration.ofSeconds(180), 1,
                "python3", "4.2.0", directory.resolve("work/venv"), Duration.ofSeconds(30),
                new StackSettings.Postgres(true, 15432, "mlcycle", "mlcycle", Secret.of("mlcycle-local"), Duration.ofSeconds(60))));
        assertThat(settings.stack().postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/mlcycle");
        assertThat(settings.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(settings.mlflow().trackingUri()).hasToString("http://127.0.0.1:5000");
    }

    @Test
    void stackFullOverride() {
        Path config = TestFiles.configFile(directory, String.join("\n",
                "mlcycle.work-dir = \"" + directory + "/w\"",
                "mlcycle.stack {",
                "  kafka { port = 29092, controller-port = 29093, heap = \"1g\", startup-timeout = 2m, classpath-dir = \"/opt/kafka/libs\" }",
                "  mlflow { port = 25000, version = \"3.9.0\", startup-timeout = 5m, workers = 2 }",
                "  python = \"/usr/bin/python3.12\"",
                "  pyspark-version = \"4.1.1\"",
                "  venv-dir = \"/opt/venvs/mlcycle\"",
                "  stop-timeout = 5s",
                "  postgres { enabled = false, port = 25432, database = features, user = loader, password = \"p'w\", startup-timeout = 2m }",
                "}", ""));

        StackSettings stack = CliSettings.load(config).stack();

        assertThat(stack).isEqualTo(new StackSettings(
                directory.resolve("w"), 29092, 29093, "1g", Duration.ofMinutes(2), Path.of("/opt/kafka/libs"),
                25000, "3.9.0", Duration.ofMinutes(5), 2, "/usr/bin/python3.12", "4.1.1", Path.of("/opt/venvs/mlcycle"),
                Duration.ofSeconds(5), new StackSettings.Postgres(false, 25432, "features", "loader", Secret.of("p'w"), Duration.ofMinutes(2))));
        assertThat(stack.toString()).doesNotContain("p'w");
    }

    @Test
    void postgresNamesMustBePlainIdentifiersAndThePortItsOwn() {
        Path config = TestFiles.configFile(directory, String.join("\n",
                "mlcycle.stack.postgres { port = 5000, database = \"my-db\", user = \"Robert'); DROP TABLE x\", password = \"\" }", ""));

        assertThatThrownBy(() -> CliSettings.load(config))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("4 problems")
                .hasMessageContaining("Cannot use mlcycle.stack.postgres.port = 5000: expected a port other than the local Kafka's and"
                        + " MLflow's (19092, 19093, 5000)")
                .hasMessageContaining("Cannot use mlcycle.stack.postgres.database = 'my-db': expected a lower-case PostgreSQL name")
                .hasMessageContaining("Cannot use mlcycle.stack.postgres.user = 'Robert'); DROP TABLE x'")
                .hasMessageContaining("Cannot use mlcycle.stack.postgres.password = (empty): expected a non-empty password");
    }

    @Test
    void stackPortsMustDiffer() {
        Path config = TestFiles.configFile(directory, "mlcycle.stack.mlflow.port = 19093\n");

        assertThatThrownBy(() -> CliSettings.load(config))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessage("Invalid configuration (1 problem):\n  - Cannot use mlcycle.stack.mlflow.port = 19093: expected a port other"
                        + " than the local Kafka's (19092, 19093). Fix it in your config file or override it with"
                        + " -Dmlcycle.stack.mlflow.port=<value>.");
    }
}
