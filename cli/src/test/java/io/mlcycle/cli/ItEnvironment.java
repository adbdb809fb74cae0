package io.mlcycle.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the integration tests get from './mlcycle test' (Maven user properties), and free ports for their own services. */
public final class ItEnvironment {
    private ItEnvironment() {}

    /** The stack's venv (mlflow and pyspark installed), reused so that a test does not install packages for minutes. */
    public static Path venv() {
        String venv = System.getProperty("mlcycle.it.venv");
        if (venv == null || venv.isBlank()) {
            fail("System property mlcycle.it.venv is not set. This integration test reuses the stack's Python venv"
                    + " (mlflow and pyspark): run it with ./mlcycle test, which brings the stack up and passes -Dmlcycle.it.venv"
                    + " (or by hand: mvn -pl cli -am verify -Dmlcycle.it.venv=<a venv with mlflow and pyspark>).");
        }
        Path path = Path.of(venv).toAbsolutePath();
        if (!Files.isExecutable(path.resolve("bin").resolve("python"))) {
            fail("mlcycle.it.venv = " + venv + " is not a Python venv (no bin/python). Run the tests with ./mlcycle test.");
        }
        return path;
    }

    /** A port that nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
