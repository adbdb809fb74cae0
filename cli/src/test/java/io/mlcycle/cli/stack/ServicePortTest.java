package io.mlcycle.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.process.RunFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service whose port another process holds refuses to start, and says which port and key, before it starts anything. */
class ServicePortTest {
    @TempDir
    Path workDir;

    @Test
    void kafkaNamesItsTakenBrokerPort() throws Exception {
        try (ServerSocket taken = bindLoopback()) {
            int port = taken.getLocalPort();
            KafkaBroker broker = new KafkaBroker(TestStackSettings.stack(workDir, port, freePort(), freePort()), RunFolder.of(workDir));

            assertThatThrownBy(() -> broker.start(new PrintWriter(new StringWriter())))
                    .isInstanceOf(CliException.class)
                    .hasMessageStartingWith("Cannot start Kafka: port " + port + " on 127.0.0.1 (mlcycle.stack.kafka.port) is already in use")
                    .hasMessageContaining("-Dmlcycle.stack.kafka.port=<port>")
                    .extracting(e -> ((CliException) e).error()).isEqualTo(CliError.PORT_IN_USE);
            assertThat(workDir.resolve("run").resolve("kafka.pid")).doesNotExist();
        }
    }

    @Test
    void kafkaNamesItsTakenControllerPort() throws Exception {
        try (ServerSocket taken = bindLoopback()) {
            int port = taken.getLocalPort();
            KafkaBroker broker = new KafkaBroker(TestStackSettings.stack(workDir, freePort(), port, freePort()), RunFolder.of(workDir));

            assertThatThrownBy(() -> broker.start(new PrintWriter(new StringWriter())))
                    .hasMessageStartingWith("Cannot start Kafka: port " + port + " on 127.0.0.1 (mlcycle.stack.kafka.controller-port)");
        }
    }

    @Test
    void mlflowNamesItsTakenPort() throws Exception {
        try (ServerSocket taken = bindLoopback()) {
            int port = taken.getLocalPort();
            var stack = TestStackSettings.stack(workDir, freePort(), freePort(), port);
            MlflowServer server = new MlflowServer(stack, new PythonEnvironment(workDir.resolve("venv"), "python3", workDir.resolve("pip.log")),
                    RunFolder.of(workDir));

            assertThatThrownBy(() -> server.start(new PrintWriter(new StringWriter())))
                    .isInstanceOf(CliException.class)
                    .hasMessageStartingWith("Cannot start MLflow: port " + port + " on 127.0.0.1 (mlcycle.stack.mlflow.port) is already in use")
                    .hasMessageContaining("and point mlcycle.mlflow.tracking-uri at it");
            assertThat(Files.exists(workDir.resolve("run").resolve("mlflow.pid"))).isFalse();
        }
    }

    @Test
    void kafkaWithoutItsJarsSaysHowToBuildThem() {
        KafkaBroker broker = new KafkaBroker(TestStackSettings.stack(workDir, freePort(), freePort(), freePort()), RunFolder.of(workDir));

        assertThatThrownBy(() -> broker.start(new PrintWriter(new StringWriter())))
                .isInstanceOf(CliException.class)
                .hasMessage("Cannot start Kafka: its jars are not in " + workDir.resolve("no-kafka-jars")
                        + " (mlcycle.stack.kafka.classpath-dir). Build them from the repository root with: mvn -B -q install"
                        + " -DskipTests (./mlcycle does this when the build is missing).");
    }

    private static ServerSocket bindLoopback() throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private static int freePort() {
        try (ServerSocket socket = bindLoopback()) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
