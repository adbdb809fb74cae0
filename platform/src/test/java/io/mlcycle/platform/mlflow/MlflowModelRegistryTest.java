package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.Secret;
import io.mlcycle.common.io.ModelVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MlflowModelRegistryTest {
    private static final String SOURCE = "mlflow-artifacts:/1/r1/artifacts/model";
    private static final String SEARCH = "GET /api/2.0/mlflow/model-versions/search?filter=name%3D%27m%27%20and%20run_id%3D%27r1%27&max_results=1000";
    private static final String CREATE = "POST /api/2.0/mlflow/model-versions/create";
    private static final String NO_VERSIONS = "{}";
    private static final String READY_VERSION = "{\"model_version\": " + version("READY", "[]") + "}";
    private static final String FOUND_VERSION = "{\"model_versions\": [" + version("READY", "[]") + "]}";

    private ScriptedHttpServer server;
    private MlflowModelRegistry registry;

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedHttpServer();
        registry = new MlflowModelRegistry(new MlflowRestClient(server.uri(), Secret.empty(), Secret.empty(), Duration.ofSeconds(5),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4))));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static String version(String status, String tags) {
        return "{\"name\": \"m\", \"version\": \"4\", \"run_id\": \"r1\", \"source\": \"" + SOURCE + "\", \"status\": \"" + status
                + "\", \"tags\": " + tags + "}";
    }

    @Test
    void nameFilterQuotesWithTheQuoteTheNameLacks() {
        assertThat(MlflowModelRegistry.nameFilter("loan-default")).isEqualTo("name='loan-default'");
        assertThat(MlflowModelRegistry.nameFilter("bob's model")).isEqualTo("name=\"bob's model\"");
    }

    @Test
    void nameFilterRejectsNamesWithBothQuotes() {
        assertThatThrownBy(() -> MlflowModelRegistry.nameFilter("a'b\"c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot search the versions of model a'b\"c: its name contains both kinds of quote");
    }

    @Test
    void aVersionAlreadyRegisteredFromTheRunIsReturnedWithoutCreatingAnother() {
        server.answer(200, FOUND_VERSION);

        ModelVersion version = registry.createVersion("m", SOURCE, "r1", Map.of());

        assertThat(version).isEqualTo(new ModelVersion("m", "4", "r1", SOURCE));
        assertThat(requests()).containsExactly(SEARCH);
    }

    @Test
    void aVersionOfTheRunFromAnotherSourceOrThatFailedIsNotTheOne() {
        String otherSource = "{\"name\": \"m\", \"version\": \"2\", \"run_id\": \"r1\", \"source\": \"elsewhere\", \"status\": \"READY\"}";
        server.answer(200, "{\"model_versions\": [" + otherSource + ", " + version("FAILED_REGISTRATION", "[]") + "]}")
                .answer(200, READY_VERSION);

        assertThat(registry.createVersion("m", SOURCE, "r1", Map.of()).version()).isEqualTo("4");
        assertThat(requests()).containsExactly(SEARCH, CREATE);
    }

    @Test
    void aCreateWhoseAnswerWasLostIsFoundInsteadOfCreatedAgain() {
        server.answer(200, NO_VERSIONS).drop().answer(200, FOUND_VERSION);

        ModelVersion version = registry.createVersion("m", SOURCE, "r1", Map.of("mlcycle.auc", "0.8"));

        assertThat(version).isEqualTo(new ModelVersion("m", "4", "r1", SOURCE));
        assertThat(requests()).containsExactly(SEARCH, CREATE, SEARCH);
    }

    @Test
    void aCreateThatFailedWith5xxIsRetriedWhenTheVersionIsNotThere() {
        server.answer(200, NO_VERSIONS)
                .answer(503, "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}")
                .answer(200, NO_VERSIONS)
                .answer(200, READY_VERSION);

        assertThat(registry.createVersion("m", SOURCE, "r1", Map.of()).version()).isEqualTo("4");
        assertThat(requests()).containsExactly(SEARCH, CREATE, SEARCH, CREATE);
        assertThat(server.received().get(3).body()).isEqualTo(server.received().get(1).body());
    }

    @Test
    void createsWhoseOutcomeStaysUnknownStopAfterTheClientsAttempts() {
        server.answer(200, NO_VERSIONS).drop().answer(200, NO_VERSIONS).drop().answer(200, NO_VERSIONS).drop();

        assertThatThrownBy(() -> registry.createVersion("m", SOURCE, "r1", Map.of()))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.UNREACHABLE))
                .hasMessageStartingWith("Cannot reach the MLflow tracking server at " + server.uri() + "/: " + CREATE.replace("POST ", "POST " + server.uri()));
        assertThat(requests()).containsExactly(SEARCH, CREATE, SEARCH, CREATE, SEARCH, CREATE);
    }

    @Test
    void aRejectedCreateIsNotRetried() {
        server.answer(200, NO_VERSIONS).answer(400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"bad source\"}");

        assertThatThrownBy(() -> registry.createVersion("m", SOURCE, "r1", Map.of()))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.REJECTED))
                .hasMessage("MLflow call POST " + server.uri() + "/api/2.0/mlflow/model-versions/create failed with HTTP 400"
                        + " INVALID_PARAMETER_VALUE: bad source.");
        assertThat(requests()).containsExactly(SEARCH, CREATE);
    }

    @Test
    void registerMarksTheVersionCompleteOnlyAfterItsAliases() {
        server.answer(200, "{}").answer(200, NO_VERSIONS).answer(200, READY_VERSION).answer(200, "{}").answer(200, "{}");

        ModelVersion version = registry.register("m", SOURCE, "r1", Map.of("mlcycle.auc", "0.8"), List.of("champion"));

        assertThat(version.version()).isEqualTo("4");
        assertThat(requests()).containsExactly("POST /api/2.0/mlflow/registered-models/create", SEARCH, CREATE,
                "POST /api/2.0/mlflow/registered-models/alias", "POST /api/2.0/mlflow/model-versions/set-tag");
        assertThat(server.received().get(2).body()).contains("\"key\":\"mlcycle.registration\"", "\"value\":\"incomplete\"",
                "\"key\":\"mlcycle.auc\"", "\"value\":\"0.8\"");
        assertThat(server.received().get(4).body()).contains("\"key\":\"mlcycle.registration\"").contains("\"value\":\"complete\"")
                .contains("\"version\":\"4\"");
    }

    @Test
    void aFailedAliasLeavesTheVersionMarkedIncomplete() {
        String error = "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}";
        server.answer(200, "{}").answer(200, NO_VERSIONS).answer(200, READY_VERSION).answer(500, error).answer(500, error).answer(500, error);

        assertThatThrownBy(() -> registry.register("m", SOURCE, "r1", Map.of(), List.of("champion")))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.SERVER_ERROR));
        assertThat(requests()).containsExactly("POST /api/2.0/mlflow/registered-models/create", SEARCH, CREATE,
                "POST /api/2.0/mlflow/registered-models/alias", "POST /api/2.0/mlflow/registered-models/alias",
                "POST /api/2.0/mlflow/registered-models/alias");
        assertThat(server.received().get(2).body()).contains("\"key\":\"mlcycle.registration\"", "\"value\":\"incomplete\"");
    }

    @Test
    void registeringAgainFinishesTheIncompleteVersionInsteadOfCreatingOne() {
        String incomplete = version("READY", "[{\"key\": \"mlcycle.registration\", \"value\": \"incomplete\"}]");
        server.answer(400, "{\"error_code\": \"RESOURCE_ALREADY_EXISTS\", \"message\": \"exists\"}")
                .answer(200, "{\"model_versions\": [" + incomplete + "]}")
                .answer(200, "{}")
                .answer(200, "{}");

        assertThat(registry.register("m", SOURCE, "r1", Map.of(), List.of("champion")).version()).isEqualTo("4");
        assertThat(requests()).containsExactly("POST /api/2.0/mlflow/registered-models/create", SEARCH,
                "POST /api/2.0/mlflow/registered-models/alias", "POST /api/2.0/mlflow/model-versions/set-tag");
    }

    private List<String> requests() {
        return server.received().stream().map(request -> request.method() + " " + request.pathAndQuery()).toList();
    }
}
