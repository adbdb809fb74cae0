package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.config.Secret;
import io.mlcycle.platform.mlflow.MlflowRestClient.Idempotency;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MlflowRestClientTest {
    private static final RetryPolicy THREE_QUICK_ATTEMPTS = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));
    private static final String PASSWORD = "s3cret-pw";

    private ScriptedHttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedHttpServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private MlflowRestClient client(Secret username, Secret password) {
        return new MlflowRestClient(server.uri(), username, password, Duration.ofSeconds(5), THREE_QUICK_ATTEMPTS);
    }

    private MlflowRestClient anonymousClient() {
        return client(Secret.empty(), Secret.empty());
    }

    @Test
    void readsRetryAfterServerErrors() {
        server.answer(503, "busy").answer(502, "bad gateway").answer(200, "{\"run\": {\"info\": {\"run_id\": \"r1\"}}}");

        JsonNode answer = anonymousClient().get("runs/get", Map.of("run_id", "r1"));

        assertThat(answer.path("run").path("info").path("run_id").asText()).isEqualTo("r1");
        assertThat(server.received()).extracting(ScriptedHttpServer.Received::pathAndQuery)
                .containsExactly("/api/2.0/mlflow/runs/get?run_id=r1", "/api/2.0/mlflow/runs/get?run_id=r1", "/api/2.0/mlflow/runs/get?run_id=r1");
    }

    @Test
    void serverErrorsOnEveryAttemptFailAsServerError() {
        server.answer(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}")
                .answer(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}")
                .answer(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}");

        assertThatThrownBy(() -> anonymousClient().get("runs/get", Map.of("run_id", "r1")))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.SERVER_ERROR))
                .hasMessage("MLflow call GET " + server.uri() + "/api/2.0/mlflow/runs/get?run_id=r1 failed after 3 attempts"
                        + " with HTTP 500 INTERNAL_ERROR: database is locked. See the MLflow server's log.");
        assertThat(server.received()).hasSize(3);
    }

    @Test
    void createsAreNotRepeatedAfterAServerError() {
        server.answer(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"oops\"}").answer(200, "{}");

        assertThatThrownBy(() -> anonymousClient().post("runs/create", Map.of("experiment_id", "1"), Idempotency.NOT_IDEMPOTENT))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.SERVER_ERROR))
                .hasMessage("MLflow call POST " + server.uri() + "/api/2.0/mlflow/runs/create failed with HTTP 500 INTERNAL_ERROR: oops."
                        + " See the MLflow server's log.");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void createsAreRepeatedWhenTheServerAsksToSlowDown() {
        server.answer(429, "slow down").answer(200, "{\"run\": {}}");

        anonymousClient().post("runs/create", Map.of("experiment_id", "1"), Idempotency.NOT_IDEMPOTENT);

        assertThat(server.received()).extracting(ScriptedHttpServer.Received::method).containsExactly("POST", "POST");
        assertThat(server.received().get(1).body()).isEqualTo("{\"experiment_id\":\"1\"}");
    }

    @Test
    void rejectedRequestsFailAtOnceWithTheServersReason() {
        server.answer(400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Changing param values is not allowed.\"}");

        assertThatThrownBy(() -> anonymousClient().post("runs/log-batch", Map.of("run_id", "r1"), Idempotency.IDEMPOTENT))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.REJECTED))
                .hasMessage("MLflow call POST " + server.uri() + "/api/2.0/mlflow/runs/log-batch failed with HTTP 400"
                        + " INVALID_PARAMETER_VALUE: Changing param values is not allowed.");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void missingResourcesAreNotFound() {
        server.answer(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Run with id=zzz not found\"}");

        assertThatThrownBy(() -> anonymousClient().get("runs/get", Map.of("run_id", "zzz")))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.NOT_FOUND))
                .hasMessage("MLflow call GET " + server.uri() + "/api/2.0/mlflow/runs/get?run_id=zzz failed with HTTP 404"
                        + " RESOURCE_DOES_NOT_EXIST: Run with id=zzz not found.");
    }

    @Test
    void sendsBasicAuthAndKeepsThePasswordOutOfErrors() {
        server.answer(401, "You are not authenticated. Please see the documentation for details.");

        assertThatThrownBy(() -> client(Secret.of("mlcycle"), Secret.of(PASSWORD)).get("experiments/get-by-name", Map.of("experiment_name", "e")))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.UNAUTHORIZED))
                .hasMessage("MLflow call GET " + server.uri() + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=e failed with HTTP 401:"
                        + " You are not authenticated. Please see the documentation for details."
                        + " Check mlcycle.mlflow.username and mlcycle.mlflow.password (MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD).")
                .message().doesNotContain(PASSWORD);
        // base64("mlcycle:s3cret-pw"), computed with coreutils' base64.
        assertThat(server.received().get(0).authorization()).contains("Basic bWxjeWNsZTpzM2NyZXQtcHc=");
    }

    @Test
    void sendsNoAuthWithoutCredentials() {
        server.answer(200, "{}");

        anonymousClient().get("experiments/search", Map.of());

        assertThat(server.received().get(0).authorization()).isEqualTo(Optional.empty());
    }

    @Test
    void aHostCheckRefusalSaysHowToAllowTheHost() {
        server.answer(403, "Invalid Host header - possible DNS rebinding attack detected");

        assertThatThrownBy(() -> anonymousClient().get("experiments/search", Map.of()))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.REJECTED))
                .hasMessage("MLflow call GET " + server.uri() + "/api/2.0/mlflow/experiments/search failed with HTTP 403:"
                        + " Invalid Host header - possible DNS rebinding attack detected."
                        + " The server does not accept the host name 127.0.0.1: start it with --allowed-hosts listing it, or use an address it allows.");
    }

    @Test
    void anAnswerThatIsNotJsonIsAnInvalidResponse() {
        server.answer(200, "<html>a web page</html>");

        assertThatThrownBy(() -> anonymousClient().get("experiments/search", Map.of()))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.INVALID_RESPONSE))
                .hasMessage("Cannot read the answer of " + server.uri() + "/api/2.0/mlflow/experiments/search as JSON: <html>a web page</html>."
                        + " Check that mlcycle.mlflow.tracking-uri points at an MLflow tracking server.");
    }

    @Test
    void queryValuesAreEncoded() {
        server.answer(200, "{}");

        anonymousClient().get("model-versions/search", Map.of("filter", "name='a b'"));

        assertThat(server.received().get(0).pathAndQuery()).isEqualTo("/api/2.0/mlflow/model-versions/search?filter=name%3D%27a%20b%27");
    }
}
