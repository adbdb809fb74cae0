package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.io.ExperimentTracker.RunStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MlflowTrackerIT {
    private static MlflowTracker tracker;
    private static String experimentId;

    @BeforeAll
    static void connect() {
        tracker = new MlflowTracker(MlflowTestServer.client());
        experimentId = tracker.experimentId(MlflowTestServer.uniqueName("tracker-it"));
    }

    @Test
    void experimentIsCreatedOnceAndFoundAfterwards() {
        String name = MlflowTestServer.uniqueName("experiment");

        String created = tracker.experimentId(name);
        String found = tracker.experimentId(name);

        assertThat(found).isEqualTo(created);
        JsonNode stored = MlflowTestServer.read("experiments/get-by-name", Map.of("experiment_name", name)).path("experiment");
        assertThat(stored.path("experiment_id").asText()).isEqualTo(created);
        assertThat(stored.path("lifecycle_stage").asText()).isEqualTo("active");
        List<String> tags = new java.util.ArrayList<>();
        stored.path("tags").forEach(tag -> tags.add(tag.path("key").asText() + "=" + tag.path("value").asText()));
        assertThat(tags).as("opens on MLflow's model-training view").contains("mlflow.experimentKind=custom_model_development");
    }

    @Test
    void runIsLoggedAndReadBack() {
        String runId = tracker.startRun(experimentId, "train-logistic", Map.of("mlcycle.job", "train"));
        tracker.logParams(runId, Map.of("maxIter", "50", "regParam", "0.01"));
        tracker.logMetrics(runId, Map.of("test_auc", 0.8125, "test_accuracy", 0.75));
        tracker.setTags(runId, Map.of("mlcycle.dataset", "loans"));
        tracker.endRun(runId, RunStatus.FINISHED);

        JsonNode run = MlflowTestServer.read("runs/get", Map.of("run_id", runId)).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
        assertThat(run.path("info").path("run_name").asText()).isEqualTo("train-logistic");
        assertThat(run.path("info").path("experiment_id").asText()).isEqualTo(experimentId);
        assertThat(run.path("info").path("end_time").asLong()).isPositive();
        assertThat(keyValues(run.path("data").path("params"))).isEqualTo(Map.of("maxIter", "50", "regParam", "0.01"));
        assertThat(metrics(run.path("data").path("metrics"))).isEqualTo(Map.of("test_auc", 0.8125, "test_accuracy", 0.75));
        assertThat(keyValues(run.path("data").path("tags")))
                .containsEntry("mlflow.runName", "train-logistic")
                .containsEntry("mlflow.source.type", "JOB")
                .containsEntry("mlcycle.job", "train")
                .containsEntry("mlcycle.dataset", "loans")
                .containsKey("mlflow.user");
    }

    @Test
    void moreEntriesThanOneBatchHoldAreAllLogged() {
        String runId = tracker.startRun(experimentId, "many-entries", Map.of());
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            params.put("param_" + i, "value_" + i);
            tags.put("tag_" + i, "value_" + i);
        }
        for (int i = 0; i < 1001; i++) {
            metrics.put("metric_" + i, i / 4.0);
        }

        tracker.logParams(runId, params);
        tracker.logMetrics(runId, metrics);
        tracker.setTags(runId, tags);
        tracker.endRun(runId, RunStatus.FINISHED);

        JsonNode data = MlflowTestServer.read("runs/get", Map.of("run_id", runId)).path("run").path("data");
        assertThat(keyValues(data.path("params"))).hasSize(250).containsEntry("param_0", "value_0").containsEntry("param_249", "value_249");
        assertThat(metrics(data.path("metrics"))).hasSize(1001).containsEntry("metric_0", 0.0).containsEntry("metric_1000", 250.0);
        assertThat(keyValues(data.path("tags"))).containsEntry("tag_0", "value_0").containsEntry("tag_249", "value_249");
    }

    @Test
    void failedRunEndsFailed() {
        String runId = tracker.startRun(experimentId, "doomed", Map.of());

        tracker.endRun(runId, RunStatus.FAILED);

        assertThat(MlflowTestServer.read("runs/get", Map.of("run_id", runId)).path("run").path("info").path("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void artifactUriIsTheRunsProxiedArtifactRoot() {
        String runId = tracker.startRun(experimentId, "with-artifacts", Map.of());

        assertThat(tracker.artifactUri(runId)).isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
    }

    @Test
    void changingALoggedParamIsRejectedWithTheServersReason() {
        String runId = tracker.startRun(experimentId, "param-change", Map.of());
        tracker.logParams(runId, Map.of("maxIter", "50"));

        assertThatThrownBy(() -> tracker.logParams(runId, Map.of("maxIter", "60")))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.REJECTED))
                .hasMessageContaining("/api/2.0/mlflow/runs/log-batch failed with HTTP 400 INVALID_PARAMETER_VALUE: Changing param values is not allowed");
    }

    @Test
    void aRunThatThrowsEndsFailedWithItsReason() {
        String[] started = new String[1];
        IllegalStateException failure = new IllegalStateException("Cannot fit the model: the training split is empty");

        assertThatThrownBy(() -> tracker.inRun(experimentId, "fails", Map.of("mlcycle.job", "train"), runId -> {
            started[0] = runId;
            tracker.logParams(runId, Map.of("maxIter", "10"));
            throw failure;
        })).isSameAs(failure);

        JsonNode run = MlflowTestServer.read("runs/get", Map.of("run_id", started[0])).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("info").path("end_time").asLong()).isPositive();
        assertThat(keyValues(run.path("data").path("tags")))
                .containsEntry("mlcycle.failure_reason", "Cannot fit the model: the training split is empty")
                .containsEntry("mlcycle.job", "train");
    }

    @Test
    void aRunThatReturnsEndsFinished() {
        String runId = tracker.inRun(experimentId, "succeeds", Map.of(), id -> id);

        JsonNode run = MlflowTestServer.read("runs/get", Map.of("run_id", runId)).path("run");
        assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    }

    @Test
    void loggingToAMissingRunIsNotFound() {
        assertThatThrownBy(() -> tracker.logMetrics("0123456789abcdef0123456789abcdef", Map.of("m", 1.0)))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.NOT_FOUND))
                .hasMessageContaining("Run with id=0123456789abcdef0123456789abcdef not found");
    }

    private static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> map = new HashMap<>();
        list.forEach(entry -> map.put(entry.path("key").asText(), entry.path("value").asText()));
        return map;
    }

    private static Map<String, Double> metrics(JsonNode list) {
        Map<String, Double> map = new HashMap<>();
        list.forEach(entry -> map.put(entry.path("key").asText(), entry.path("value").asDouble()));
        return map;
    }
}
