package io.mlcycle.platform.mlflow;

import static io.mlcycle.platform.mlflow.FaultProxy.ALWAYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.io.ExperimentTracker;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.platform.mlflow.FaultProxy.Action;
import io.mlcycle.platform.mlflow.FaultProxy.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What mlcycle does when MLflow misbehaves, against a real MLflow server behind a {@link FaultProxy}: what the client
 * sees is injected, what the server stored is read from it directly ({@link MlflowTestServer#read}).
 */
class MlflowFaultsIT {
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
    private static final RetryPolicy POLICY = new RetryPolicy(3, INITIAL_BACKOFF, Duration.ofMillis(400));

    private FaultProxy proxy;
    private MlflowTracker tracker;
    private MlflowModelRegistry registry;
    private String experimentId;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new FaultProxy(MlflowTestServer.uri());
        MlflowRestClient client = new MlflowRestClient(proxy.uri(), Secret.empty(), Secret.empty(), Duration.ofSeconds(30), POLICY);
        tracker = new MlflowTracker(client);
        registry = new MlflowModelRegistry(client, Duration.ofSeconds(60));
        experimentId = tracker.experimentId(MlflowTestServer.uniqueName("faults-it"));
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void transientServiceUnavailableIsRetriedWithBackoffAndTheRunFinishesWithAllItsMetrics() {
        proxy.answer("runs/log-batch", 503, 2).answer("runs/update", 503, 1);
        Map<String, Double> metrics = Map.of("auc_roc", 0.81, "f1", 0.42, "log_loss", 0.37);

        String runId = tracker.inRun(experimentId, "transient", Map.of(), id -> {
            tracker.logMetrics(id, metrics);
            return id;
        });

        JsonNode run = MlflowTestServer.read("runs/get", Map.of("run_id", runId)).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
        assertThat(metrics(run)).isEqualTo(metrics);
        List<Request> batches = proxy.requests("runs/log-batch");
        assertThat(batches).extracting(Request::action).containsExactly(Action.ANSWERED_ERROR, Action.ANSWERED_ERROR, Action.FORWARDED);
        assertThat(gap(batches, 0)).as("backoff after the first 503").isGreaterThanOrEqualTo(INITIAL_BACKOFF);
        assertThat(gap(batches, 1)).as("doubled after the second").isGreaterThanOrEqualTo(INITIAL_BACKOFF.multipliedBy(2));
        assertThat(proxy.requests("runs/update")).extracting(Request::action).containsExactly(Action.ANSWERED_ERROR, Action.FORWARDED);
    }

    @Test
    void persistentServerErrorInsideARunEndsItFailedWithTheReason() {
        proxy.answer("runs/log-batch", 500, ALWAYS);
        AtomicReference<String> runId = new AtomicReference<>();

        assertThatThrownBy(() -> tracker.inRun(experimentId, "broken", Map.of(), id -> {
            runId.set(id);
            tracker.logMetrics(id, Map.of("auc_roc", 0.81));
            return id;
        }))
                .isInstanceOfSatisfying(MlflowException.class, e -> {
                    assertThat(e.category()).isEqualTo(MlflowErrorCategory.SERVER_ERROR);
                    assertThat(e.getSuppressed()).as("ending the run worked").isEmpty();
                })
                .hasMessage("MLflow call POST " + proxy.uri() + "/api/2.0/mlflow/runs/log-batch failed after 3 attempts with HTTP 500"
                        + " INTERNAL_ERROR: injected by FaultProxy. See the MLflow server's log.");

        JsonNode run = MlflowTestServer.read("runs/get", Map.of("run_id", runId.get())).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("info").path("end_time").asLong()).isPositive();
        assertThat(tags(run).get(ExperimentTracker.FAILURE_REASON_TAG))
                .isEqualTo("MLflow call POST " + proxy.uri() + "/api/2.0/mlflow/runs/log-batch failed after 3 attempts with HTTP 500"
                        + " INTERNAL_ERROR: injected by FaultProxy. See the MLflow server's log.");
        assertThat(metrics(run)).isEmpty();
        assertThat(proxy.requests("runs/log-batch")).as("bounded attempts").hasSize(3);
    }

    @Test
    void lostAnswerOfACreatedModelVersionDoesNotCreateASecondOne() {
        String runId = tracker.startRun(experimentId, "register", Map.of());
        String source = tracker.artifactUri(runId) + "/model";
        String model = MlflowTestServer.uniqueName("loan-default");
        registry.ensureRegisteredModel(model);
        proxy.forwardThenDrop("model-versions/create", 1);

        ModelVersion version = registry.createVersion(model, source, runId, Map.of());

        assertThat(version).isEqualTo(new ModelVersion(model, "1", runId, source));
        assertThat(proxy.requests("model-versions/create")).extracting(Request::action).containsExactly(Action.FORWARDED_THEN_DROPPED);
        assertThat(storedVersions(model)).as("versions the server holds").containsExactly("1 from " + runId);
    }

    @Test
    void registrationThatCannotSetItsAliasIsMarkedIncompleteAndFinishedByTheNextCall() {
        String runId = tracker.startRun(experimentId, "register", Map.of());
        String source = tracker.artifactUri(runId) + "/model";
        String model = MlflowTestServer.uniqueName("loan-default");
        proxy.answer("registered-models/alias", 500, ALWAYS);

        assertThatThrownBy(() -> registry.register(model, source, runId, Map.of(), List.of("challenger")))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.SERVER_ERROR))
                .hasMessageContaining("registered-models/alias failed after 3 attempts with HTTP 500");
        JsonNode half = MlflowTestServer.read("model-versions/get", Map.of("name", model, "version", "1")).path("model_version");
        assertThat(versionTags(half)).containsEntry(MlflowModelRegistry.REGISTRATION_TAG, MlflowModelRegistry.REGISTRATION_INCOMPLETE);
        assertThat(MlflowTestServer.read("registered-models/get", Map.of("name", model)).path("registered_model").path("aliases")).isEmpty();

        proxy.heal();
        ModelVersion finished = registry.register(model, source, runId, Map.of(), List.of("challenger"));

        assertThat(finished).isEqualTo(new ModelVersion(model, "1", runId, source));
        assertThat(storedVersions(model)).containsExactly("1 from " + runId);
        JsonNode complete = MlflowTestServer.read("model-versions/get", Map.of("name", model, "version", "1")).path("model_version");
        assertThat(versionTags(complete)).containsEntry(MlflowModelRegistry.REGISTRATION_TAG, MlflowModelRegistry.REGISTRATION_COMPLETE);
        assertThat(MlflowTestServer.read("registered-models/alias", Map.of("name", model, "alias", "challenger"))
                .path("model_version").path("version").asText()).isEqualTo("1");
    }

    @Test
    void connectionsDroppedOnEveryLogBatchFailAfterTheBoundedAttemptsAndTheRunEndsFailed() {
        proxy.drop("runs/log-batch", ALWAYS);
        AtomicReference<String> runId = new AtomicReference<>();

        assertThatThrownBy(() -> tracker.inRun(experimentId, "dropped", Map.of(), id -> {
            runId.set(id);
            tracker.logParams(id, Map.of("algorithm", "logistic-regression"));
            return id;
        }))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.UNREACHABLE))
                .hasMessageStartingWith("Cannot reach the MLflow tracking server at " + proxy.uri() + "/: POST " + proxy.uri()
                        + "/api/2.0/mlflow/runs/log-batch failed after 3 attempts (")
                .hasMessageEndingWith("). Start it with ./mlcycle stack up or check mlcycle.mlflow.tracking-uri.");

        assertThat(proxy.requests("runs/log-batch")).hasSize(3);
        JsonNode run = MlflowTestServer.read("runs/get", Map.of("run_id", runId.get())).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FAILED");
        assertThat(tags(run).get(ExperimentTracker.FAILURE_REASON_TAG)).startsWith("Cannot reach the MLflow tracking server at " + proxy.uri());
    }

    @Test
    void droppedRunCreateIsNotRetriedSinceTheServerMayHaveCreatedTheRun() {
        proxy.drop("runs/create", 1);

        assertThatThrownBy(() -> tracker.inRun(experimentId, "maybe", Map.of(), id -> id))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.UNREACHABLE))
                .hasMessageStartingWith("Cannot reach the MLflow tracking server at " + proxy.uri() + "/: POST " + proxy.uri()
                        + "/api/2.0/mlflow/runs/create failed after 1 attempt (");

        assertThat(proxy.requests("runs/create")).hasSize(1);
    }

    @Test
    void serverDownFailsWithinTheTimeThePolicyAllowsAndSaysWhatToDo() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RetryPolicy policy = RetryPolicy.ofAttempts(4);
        MlflowTracker down = new MlflowTracker(new MlflowRestClient(URI.create("http://127.0.0.1:" + port), Secret.empty(), Secret.empty(),
                Duration.ofSeconds(5), policy));
        long start = System.nanoTime();

        assertThatThrownBy(() -> down.inRun("1", "train", Map.of(), id -> id))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.UNREACHABLE))
                .hasMessage("Cannot reach the MLflow tracking server at http://127.0.0.1:" + port + "/: POST http://127.0.0.1:" + port
                        + "/api/2.0/mlflow/runs/create failed after 4 attempts (ConnectException). Start it with ./mlcycle stack up"
                        + " or check mlcycle.mlflow.tracking-uri.");

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Duration backoffs = policy.backoffAfter(1).plus(policy.backoffAfter(2)).plus(policy.backoffAfter(3));
        assertThat(backoffs).isEqualTo(Duration.ofMillis(250 + 500 + 1000));
        assertThat(elapsed).isGreaterThanOrEqualTo(backoffs).isLessThan(backoffs.plusSeconds(15));
    }

    private static Duration gap(List<Request> requests, int index) {
        return Duration.ofNanos(requests.get(index + 1).nanoTime() - requests.get(index).nanoTime());
    }

    private static Map<String, Double> metrics(JsonNode run) {
        Map<String, Double> metrics = new HashMap<>();
        run.path("data").path("metrics").forEach(metric -> metrics.put(metric.path("key").asText(), metric.path("value").asDouble()));
        return metrics;
    }

    private static Map<String, String> tags(JsonNode run) {
        Map<String, String> tags = new HashMap<>();
        run.path("data").path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
        return tags;
    }

    private static Map<String, String> versionTags(JsonNode version) {
        Map<String, String> tags = new HashMap<>();
        version.path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
        return tags;
    }

    private static List<String> storedVersions(String model) {
        JsonNode page = MlflowTestServer.read("model-versions/search", Map.of("filter", "name='" + model + "'"));
        List<String> versions = new ArrayList<>();
        page.path("model_versions").forEach(version -> versions.add(version.path("version").asText() + " from " + version.path("run_id").asText()));
        return versions;
    }
}
