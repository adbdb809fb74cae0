package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.platform.mlflow.ChampionPromotions.Change;
import io.mlcycle.platform.mlflow.ChampionPromotions.GateCheck;
import io.mlcycle.platform.mlflow.ChampionPromotions.Outcome;
import io.mlcycle.platform.mlflow.PromotionException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChampionPromotionsIT {
    private static final Instant NOW = Instant.parse("2026-11-26T12:30:00Z");
    private static final Change ALICE = new Change("alice", "better AUC on the last week");
    private static final Change BOB = new Change("bob", "live precision dropped");

    private static MlflowRestClient client;
    private static MlflowTracker tracker;
    private static MlflowModelRegistry registry;
    private static String experimentId;

    private ChampionPromotions promotions;
    private String model;

    @BeforeAll
    static void connect() {
        client = MlflowTestServer.client();
        tracker = new MlflowTracker(client);
        registry = new MlflowModelRegistry(client);
        experimentId = tracker.experimentId(MlflowTestServer.uniqueName("promotions-it"));
    }

    @BeforeEach
    void modelWithThreeVersions() {
        promotions = new ChampionPromotions(registry, "champion", Clock.fixed(NOW, ZoneOffset.UTC));
        model = MlflowTestServer.uniqueName("loan-default");
        registry.ensureRegisteredModel(model);
        for (int i = 1; i <= 3; i++) {
            String run = tracker.startRun(experimentId, "v" + i, Map.of());
            registry.createVersion(model, tracker.artifactUri(run) + "/model", run, Map.of());
        }
    }

    @Test
    void promoteMovesTheChampionAndRecordsWhoWhenAndWhy() {
        registry.setAlias(model, "champion", "1");

        Outcome outcome = promotions.promote(model, "2", ALICE, GateCheck.ENFORCE);

        assertThat(outcome).isEqualTo(new Outcome(model, "champion", Optional.of("1"), "2", List.of()));
        assertThat(champion()).isEqualTo("2");
        assertThat(versionTags("2")).containsEntry("mlcycle.promoted_by", "alice")
                .containsEntry("mlcycle.promoted_at", "2026-11-26T12:30:00Z")
                .containsEntry("mlcycle.promotion_reason", "better AUC on the last week");
        JsonNode history = history();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("version").asText()).as("the champion the train job set, recorded first").isEqualTo("1");
        assertThat(history.get(1).path("version").asText()).isEqualTo("2");
        assertThat(history.get(1).path("from").asText()).isEqualTo("1");
        assertThat(history.get(1).path("by").asText()).isEqualTo("alice");
        assertThat(history.get(1).path("at").asText()).isEqualTo("2026-11-26T12:30:00Z");
        assertThat(history.get(1).path("reason").asText()).isEqualTo("better AUC on the last week");
    }

    @Test
    void rollbackGoesBackOneChampionAtATime() {
        promotions.promote(model, "1", ALICE, GateCheck.ENFORCE);
        promotions.promote(model, "2", ALICE, GateCheck.ENFORCE);
        promotions.promote(model, "3", ALICE, GateCheck.ENFORCE);

        assertThat(promotions.rollback(model, BOB).to()).isEqualTo("2");
        assertThat(champion()).isEqualTo("2");
        assertThat(versionTags("2")).containsEntry("mlcycle.promoted_by", "bob").containsEntry("mlcycle.promotion_reason", "live precision dropped");

        assertThat(promotions.rollback(model, BOB)).isEqualTo(new Outcome(model, "champion", Optional.of("2"), "1", List.of()));
        assertThat(champion()).isEqualTo("1");

        assertThatThrownBy(() -> promotions.rollback(model, BOB))
                .isInstanceOfSatisfying(PromotionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_PREVIOUS_CHAMPION))
                .hasMessage("Cannot roll back model '" + model + "': its champion history (tag mlcycle.champion_history) has no champion before"
                        + " version 1 that still exists. Choose a version with ./mlcycle promote " + model + " <version> --reason \"...\".");
        JsonNode history = history();
        assertThat(history).hasSize(5);
        assertThat(history.get(4).path("action").asText()).isEqualTo("rollback");
        assertThat(history.get(4).path("from").asText()).isEqualTo("2");
    }

    @Test
    void rollbackSkipsVersionsDeletedSince() {
        promotions.promote(model, "1", ALICE, GateCheck.ENFORCE);
        promotions.promote(model, "2", ALICE, GateCheck.ENFORCE);
        promotions.promote(model, "3", ALICE, GateCheck.ENFORCE);
        client.delete("model-versions/delete", Map.of("name", model, "version", "2"));

        Outcome outcome = promotions.rollback(model, BOB);

        assertThat(outcome.to()).isEqualTo("1");
        assertThat(outcome.warnings()).containsExactly("skipped version 2, an earlier champion: it was deleted");
        assertThat(champion()).isEqualTo("1");
    }

    @Test
    void aVersionThatFailedItsGateIsRefusedUnlessForced() {
        registry.setAlias(model, "champion", "1");
        registry.setVersionTag(model, "3", "mlcycle.gate", "failed");

        assertThatThrownBy(() -> promotions.promote(model, "3", ALICE, GateCheck.ENFORCE))
                .isInstanceOfSatisfying(PromotionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.GATE_FAILED))
                .hasMessage("Cannot promote version 3 of model '" + model + "': it failed its quality gate (tag mlcycle.gate = failed)."
                        + " Promote a version that passed, or add --force to promote this one anyway.");
        assertThat(champion()).isEqualTo("1");
        assertThat(versionTags("3")).doesNotContainKey("mlcycle.promoted_by");

        Outcome forced = promotions.promote(model, "3", ALICE, GateCheck.OVERRIDE);

        assertThat(forced.warnings()).containsExactly("version 3 failed its quality gate (tag mlcycle.gate = failed); promoted anyway because of --force");
        assertThat(champion()).isEqualTo("3");
    }

    @Test
    void unknownModelsAndVersionsAreNamed() {
        assertThatThrownBy(() -> promotions.promote(model, "7", ALICE, GateCheck.ENFORCE))
                .isInstanceOfSatisfying(PromotionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_VERSION))
                .hasMessage("Cannot promote version 7 of model '" + model + "': it has no version 7 (versions: 1, 2, 3).");
        assertThatThrownBy(() -> promotions.promote(model + "-x", "1", ALICE, GateCheck.ENFORCE))
                .isInstanceOfSatisfying(PromotionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MODEL))
                .hasMessage("Cannot promote version 1 of model '" + model + "-x': there is no registered model '" + model + "-x'."
                        + " Check the name in the MLflow UI (Models), or train one first.");
        assertThatThrownBy(() -> promotions.rollback(model, BOB))
                .isInstanceOfSatisfying(PromotionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CHAMPION))
                .hasMessageStartingWith("Cannot roll back model '" + model + "': it has no 'champion' alias");
    }

    @Test
    void anIncompleteRegistrationIsNotPromoted() {
        registry.setVersionTag(model, "2", MlflowModelRegistry.REGISTRATION_TAG, MlflowModelRegistry.REGISTRATION_INCOMPLETE);

        assertThatThrownBy(() -> promotions.promote(model, "2", ALICE, GateCheck.OVERRIDE))
                .isInstanceOfSatisfying(PromotionException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_READY))
                .hasMessageContaining("its registration did not finish (tag mlcycle.registration = incomplete)");
    }

    @Test
    void promotingTheChampionChangesNothing() {
        promotions.promote(model, "2", ALICE, GateCheck.ENFORCE);

        Outcome again = promotions.promote(model, "2", BOB, GateCheck.ENFORCE);

        assertThat(again.changed()).isFalse();
        assertThat(versionTags("2")).containsEntry("mlcycle.promoted_by", "alice");
    }

    private String champion() {
        return MlflowTestServer.read("registered-models/alias", Map.of("name", model, "alias", "champion"))
                .path("model_version").path("version").asText();
    }

    private Map<String, String> versionTags(String version) {
        return tags(MlflowTestServer.read("model-versions/get", Map.of("name", model, "version", version)).path("model_version").path("tags"));
    }

    private JsonNode history() {
        String json = tags(MlflowTestServer.read("registered-models/get", Map.of("name", model)).path("registered_model").path("tags"))
                .get("mlcycle.champion_history");
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("mlcycle.champion_history is not JSON: " + json, e);
        }
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> map = new HashMap<>();
        list.forEach(entry -> map.put(entry.path("key").asText(), entry.path("value").asText()));
        return map;
    }
}
