package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.Secret;
import io.mlcycle.platform.mlflow.ChampionPromotions.Change;
import io.mlcycle.platform.mlflow.ChampionPromotions.GateCheck;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Promotions against a server that fails at chosen requests; the healthy cases run against MLflow in ChampionPromotionsIT. */
class ChampionPromotionsTest {
    private static final String MODEL_WITH_CHAMPION_2 = "{\"registered_model\": {\"name\": \"m\","
            + " \"aliases\": [{\"alias\": \"champion\", \"version\": \"2\"}], \"tags\": []}}";
    private static final String VERSION_3 = "{\"model_version\": {\"name\": \"m\", \"version\": \"3\", \"run_id\": \"r3\", \"source\": \"s3\","
            + " \"status\": \"READY\", \"tags\": []}}";
    private static final String SERVER_ERROR = "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}";

    private ScriptedHttpServer server;
    private ChampionPromotions promotions;

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedHttpServer();
        MlflowRestClient client = new MlflowRestClient(server.uri(), Secret.empty(), Secret.empty(), Duration.ofSeconds(5),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4)));
        promotions = new ChampionPromotions(new MlflowModelRegistry(client), "champion",
                Clock.fixed(Instant.parse("2026-11-26T12:30:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aHistoryThatCannotBeWrittenFailsAfterTheAliasMoved() {
        server.answer(200, MODEL_WITH_CHAMPION_2).answer(200, VERSION_3).answer(200, "{}").answer(200, "{}").answer(200, "{}").answer(200, "{}")
                .answer(500, SERVER_ERROR).answer(500, SERVER_ERROR).answer(500, SERVER_ERROR);

        assertThatThrownBy(() -> promotions.promote("m", "3", new Change("alice", "better"), GateCheck.ENFORCE))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.SERVER_ERROR))
                .hasMessageContaining("/api/2.0/mlflow/registered-models/set-tag failed after 3 attempts with HTTP 500 INTERNAL_ERROR");
        assertThat(paths().subList(2, 7)).containsExactly("/api/2.0/mlflow/model-versions/set-tag", "/api/2.0/mlflow/model-versions/set-tag",
                "/api/2.0/mlflow/model-versions/set-tag", "/api/2.0/mlflow/registered-models/alias", "/api/2.0/mlflow/registered-models/set-tag");
    }

    @Test
    void aChampionWithoutAHistoryEntryIsRecordedBeforeTheNextPromotion() throws IOException {
        server.answer(200, MODEL_WITH_CHAMPION_2).answer(200, VERSION_3).answer(200, "{}").answer(200, "{}").answer(200, "{}").answer(200, "{}")
                .answer(200, "{}");

        promotions.promote("m", "3", new Change("alice", "better"), GateCheck.ENFORCE);

        JsonNode historyTag = new ObjectMapper().readTree(server.received().get(6).body());
        assertThat(historyTag.path("key").asText()).isEqualTo("mlcycle.champion_history");
        JsonNode history = new ObjectMapper().readTree(historyTag.path("value").asText());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("version").asText()).isEqualTo("2");
        assertThat(history.get(0).path("by").asText()).isEqualTo("unknown");
        assertThat(history.get(1).path("version").asText()).isEqualTo("3");
        assertThat(history.get(1).path("from").asText()).isEqualTo("2");
        assertThat(history.get(1).path("at").asText()).isEqualTo("2026-11-26T12:30:00Z");
    }

    private List<String> paths() {
        return server.received().stream().map(ScriptedHttpServer.Received::pathAndQuery).toList();
    }
}
