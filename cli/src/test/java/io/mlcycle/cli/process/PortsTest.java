package io.mlcycle.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void takenPortIsReportedWithItsNumberAndConfigKey() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThat(Ports.isFree(port)).isFalse();
            assertThatThrownBy(() -> Ports.requireFree("Kafka", port, "mlcycle.stack.kafka.port", "and point mlcycle.kafka.bootstrap-servers at it"))
                    .isInstanceOf(CliException.class)
                    .hasMessage("Cannot start Kafka: port " + port + " on 127.0.0.1 (mlcycle.stack.kafka.port) is already in use by a"
                            + " process that mlcycle did not start. Stop that process (find it with: lsof -i :" + port + "), or choose"
                            + " another port with -Dmlcycle.stack.kafka.port=<port> or in your config file (and point"
                            + " mlcycle.kafka.bootstrap-servers at it).")
                    .extracting(e -> ((CliException) e).error()).isEqualTo(CliError.PORT_IN_USE);
        }
    }

    @Test
    void portTakenOnEveryInterfaceIsTakenOnLoopbackToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(Ports.isFree(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void releasedPortIsFree() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = probe.getLocalPort();
        }

        assertThat(Ports.isFree(port)).isTrue();
    }
}
