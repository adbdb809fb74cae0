package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An MLflow server that is not there: a port on 127.0.0.1 that was just opened and closed again. */
class MlflowUnreachableIT {
    private static final String PASSWORD = "not-for-logs-9f2k";

    @TempDir
    Path tmp;

    private String base;
    private MlflowRestClient client;

    @BeforeEach
    void pointAtAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/";
        client = new MlflowRestClient(URI.create("http://127.0.0.1:" + port), Secret.of("mlcycle"), Secret.of(PASSWORD),
                Duration.ofSeconds(5), new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    @Test
    void readsFailAsUnreachableAfterTheBoundedAttempts() {
        MlflowTracker tracker = new MlflowTracker(client);

        assertUnreachable(() -> tracker.experimentId("mlcycle"),
                "GET " + base + "api/2.0/mlflow/experiments/get-by-name?experiment_name=mlcycle");
    }

    @Test
    void createsAreRetriedToo_theServerNeverSawThem() {
        MlflowTracker tracker = new MlflowTracker(client);

        assertUnreachable(() -> tracker.startRun("1", "train", Map.of()), "POST " + base + "api/2.0/mlflow/runs/create");
    }

    @Test
    void registryAndDownloadsFailTheSameWay() {
        assertUnreachable(() -> new MlflowModelRegistry(client).versionByAlias("m", "champion"),
                "GET " + base + "api/2.0/mlflow/registered-models/get?name=m");
        assertUnreachable(() -> new MlflowModelFiles(client).download("mlflow-artifacts:/1/r/artifacts/model", tmp.resolve("model")),
                "GET " + base + "api/2.0/mlflow-artifacts/artifacts?path=1%2Fr%2Fartifacts%2Fmodel");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void registrationFailsBeforeCreatingAnything() {
        assertUnreachable(() -> new MlflowModelRegistry(client).createVersion("m", "mlflow-artifacts:/1/r/artifacts/model", "r", Map.of()),
                "GET " + base + "api/2.0/mlflow/model-versions/search?filter=name%3D%27m%27%20and%20run_id%3D%27r%27&max_results=1000");
    }

    private void assertUnreachable(ThrowingCallable call, String request) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(MlflowException.class, e -> {
                    assertThat(e.category()).isEqualTo(MlflowErrorCategory.UNREACHABLE);
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                })
                .hasMessageStartingWith("Cannot reach the MLflow tracking server at " + base + ": " + request + " failed after 3 attempts (ConnectException")
                .hasMessageEndingWith("). Start it with ./mlcycle stack up or check mlcycle.mlflow.tracking-uri.")
                .message().doesNotContain(PASSWORD).doesNotContain("bWxjeWNsZT");
    }
}
