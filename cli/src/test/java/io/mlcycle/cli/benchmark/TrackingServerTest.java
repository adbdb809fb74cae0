package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.ItEnvironment;
import io.mlcycle.common.config.Secret;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrackingServerTest {
    @Test
    void theLocalStacksServerIsLoopbackOnTheStacksPort() {
        assertThat(TrackingServer.isLocalStack(URI.create("http://127.0.0.1:5000"), 5000)).isTrue();
        assertThat(TrackingServer.isLocalStack(URI.create("http://localhost:5000/"), 5000)).isTrue();
        assertThat(TrackingServer.isLocalStack(URI.create("http://127.0.0.1:5001"), 5000)).isFalse();
        assertThat(TrackingServer.isLocalStack(URI.create("https://mlflow.example.com"), 5000)).isFalse();
        assertThat(TrackingServer.isLocalStack(URI.create("http://10.0.0.7:5000"), 5000)).isFalse();
    }

    @Test
    void aServerThatDoesNotAnswerFailsWithWhatToDo() {
        URI nobody = URI.create("http://127.0.0.1:" + ItEnvironment.freePort());
        MlflowRestClient client = new MlflowRestClient(nobody, Secret.empty(), Secret.empty(), Duration.ofSeconds(5), RetryPolicy.ofAttempts(1));

        assertThatThrownBy(() -> TrackingServer.requireReachable(client))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.error()).isEqualTo(CliError.SERVICE_NOT_READY))
                .hasMessageStartingWith("Cannot benchmark training: the MLflow tracking server " + nobody)
                .hasMessageContaining("(mlcycle.mlflow.tracking-uri) does not answer")
                .hasMessageEndingWith("or leave train out of --stages.");
    }
}
