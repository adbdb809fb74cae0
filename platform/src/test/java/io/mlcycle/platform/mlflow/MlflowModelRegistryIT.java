package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.io.ModelVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MlflowModelRegistryIT {
    private static MlflowTracker tracker;
    private static MlflowModelRegistry registry;
    private static String experimentId;

    private String modelName;

    @BeforeAll
    static void connect() {
        MlflowRestClient client = MlflowTestServer.client();
        tracker = new MlflowTracker(client);
        registry = new MlflowModelRegistry(client);
        experimentId = tracker.experimentId(MlflowTestServer.uniqueName("registry-it"));
    }

    @BeforeEach
    void newModelName() {
        modelName = MlflowTestServer.uniqueName("loan-default");
    }

    @Test
    void registersTwoVersionsAndMovesTheChampionAlias() {
        String firstRun = tracker.startRun(experimentId, "first", Map.of());
        String secondRun = tracker.startRun(experimentId, "second", Map.of());
        String firstSource = tracker.artifactUri(firstRun) + "/model";
        String secondSource = tracker.artifactUri(secondRun) + "/model";

        registry.ensureRegisteredModel(modelName);
        registry.ensureRegisteredModel(modelName);
        ModelVersion first = registry.createVersion(modelName, firstSource, firstRun, Map.of("mlcycle.auc", "0.81"));
        ModelVersion second = registry.createVersion(modelName, secondSource, secondRun, Map.of());

        assertThat(first).isEqualTo(new ModelVersion(modelName, "1", firstRun, firstSource));
        assertThat(second).isEqualTo(new ModelVersion(modelName, "2", secondRun, secondSource));

        registry.setAlias(modelName, "champion", "1");
        assertThat(registry.versionByAlias(modelName, "champion")).contains(first);

        registry.setAlias(modelName, "champion", "2");
        assertThat(registry.versionByAlias(modelName, "champion")).contains(second);
        assertThat(MlflowTestServer.read("registered-models/alias", Map.of("name", modelName, "alias", "champion"))
                .path("model_version").path("version").asText()).isEqualTo("2");

        assertThat(registry.versions(modelName)).containsExactly(first, second);
        JsonNode storedFirst = MlflowTestServer.read("model-versions/get", Map.of("name", modelName, "version", "1")).path("model_version");
        assertThat(storedFirst.path("status").asText()).isEqualTo("READY");
        assertThat(tags(storedFirst.path("tags"))).isEqualTo(Map.of("mlcycle.auc", "0.81"));
    }

    @Test
    void aliasNotSetIsEmpty() {
        String run = tracker.startRun(experimentId, "only", Map.of());
        registry.ensureRegisteredModel(modelName);
        registry.createVersion(modelName, tracker.artifactUri(run) + "/model", run, Map.of());

        assertThat(registry.versionByAlias(modelName, "champion")).isEmpty();
    }

    @Test
    void aliasOfAModelNotRegisteredYetIsEmpty() {
        assertThat(registry.versionByAlias(modelName, "champion")).isEmpty();
        assertThat(registry.versions(modelName)).isEmpty();
    }

    @Test
    void deletedAliasIsEmpty() {
        String run = tracker.startRun(experimentId, "only", Map.of());
        registry.ensureRegisteredModel(modelName);
        registry.createVersion(modelName, tracker.artifactUri(run) + "/model", run, Map.of());
        registry.setAlias(modelName, "champion", "1");

        registry.deleteAlias(modelName, "champion");

        assertThat(registry.versionByAlias(modelName, "champion")).isEmpty();
    }

    @Test
    void aliasOnAMissingVersionIsNotFound() {
        registry.ensureRegisteredModel(modelName);

        assertThatThrownBy(() -> registry.setAlias(modelName, "champion", "7"))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.NOT_FOUND))
                .hasMessageContaining("/api/2.0/mlflow/registered-models/alias failed with HTTP 404 RESOURCE_DOES_NOT_EXIST:"
                        + " Model Version (name=" + modelName + ", version=7) not found");
    }

    @Test
    void registeringTheSameRunTwiceGivesOneVersion() {
        String run = tracker.startRun(experimentId, "retried", Map.of());
        String source = tracker.artifactUri(run) + "/model";
        registry.ensureRegisteredModel(modelName);

        ModelVersion first = registry.createVersion(modelName, source, run, Map.of("mlcycle.auc", "0.81"));
        ModelVersion again = registry.createVersion(modelName, source, run, Map.of("mlcycle.auc", "0.81"));

        assertThat(again).isEqualTo(first);
        JsonNode stored = MlflowTestServer.read("model-versions/search", Map.of("filter", "name='" + modelName + "'"));
        assertThat(stored.path("model_versions")).hasSize(1);
    }

    @Test
    void registerSetsTheAliasesAndMarksTheVersionComplete_onceForTwoCalls() {
        String run = tracker.startRun(experimentId, "registered", Map.of());
        String source = tracker.artifactUri(run) + "/model";

        ModelVersion first = registry.register(modelName, source, run, Map.of("mlcycle.stage", "train"), List.of("champion"));
        ModelVersion again = registry.register(modelName, source, run, Map.of("mlcycle.stage", "train"), List.of("champion"));

        assertThat(again).isEqualTo(first);
        assertThat(registry.versions(modelName)).containsExactly(first);
        assertThat(registry.versionByAlias(modelName, "champion")).contains(first);
        JsonNode stored = MlflowTestServer.read("model-versions/get", Map.of("name", modelName, "version", first.version())).path("model_version");
        assertThat(tags(stored.path("tags"))).isEqualTo(Map.of("mlcycle.stage", "train", "mlcycle.registration", "complete"));
    }

    @Test
    void versionAndModelTagsAreSetAndDeleted() {
        String run = tracker.startRun(experimentId, "tagged", Map.of());
        registry.ensureRegisteredModel(modelName);
        ModelVersion version = registry.createVersion(modelName, tracker.artifactUri(run) + "/model", run, Map.of());

        registry.setVersionTag(modelName, version.version(), "mlcycle.gate", "passed");
        registry.setVersionTag(modelName, version.version(), "mlcycle.note", "to delete");
        registry.deleteVersionTag(modelName, version.version(), "mlcycle.note");
        registry.setModelTag(modelName, "mlcycle.owner", "risk-team");
        registry.setModelTag(modelName, "mlcycle.note", "to delete");
        registry.deleteModelTag(modelName, "mlcycle.note");

        JsonNode storedVersion = MlflowTestServer.read("model-versions/get", Map.of("name", modelName, "version", version.version())).path("model_version");
        assertThat(tags(storedVersion.path("tags"))).isEqualTo(Map.of("mlcycle.gate", "passed"));
        JsonNode storedModel = MlflowTestServer.read("registered-models/get", Map.of("name", modelName)).path("registered_model");
        assertThat(tags(storedModel.path("tags"))).isEqualTo(Map.of("mlcycle.owner", "risk-team"));
        assertThat(registry.registeredVersion(modelName, version.version()).orElseThrow().tags()).isEqualTo(Map.of("mlcycle.gate", "passed"));
        assertThat(registry.registeredVersion(modelName, version.version()).orElseThrow().status()).isEqualTo("READY");
        assertThat(registry.registeredModel(modelName).orElseThrow().tags()).isEqualTo(Map.of("mlcycle.owner", "risk-team"));
        assertThat(registry.registeredVersion(modelName, "99")).isEmpty();
        assertThat(registry.registeredModel(modelName + "-missing")).isEmpty();
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> map = new HashMap<>();
        list.forEach(entry -> map.put(entry.path("key").asText(), entry.path("value").asText()));
        return map;
    }
}
