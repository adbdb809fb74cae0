package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.Secret;
import io.mlcycle.common.io.ExperimentTracker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code inRun} against a server that fails at chosen requests; what a healthy server stores is in MlflowTrackerIT. */
class MlflowTrackerTest {
    private static final String RUN_CREATED = "{\"run\": {\"info\": {\"run_id\": \"r1\"}}}";
    private static final String SERVER_ERROR = "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"database is locked\"}";

    private ScriptedHttpServer server;
    private MlflowTracker tracker;

    @BeforeEach
    void startServer() throws IOException {
        server = new ScriptedHttpServer();
        MlflowRestClient client = new MlflowRestClient(server.uri(), Secret.empty(), Secret.empty(), Duration.ofSeconds(5),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4)));
        tracker = new MlflowTracker(client, Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aRunWhoseBodyReturnsEndsFinished() {
        server.answer(200, RUN_CREATED).answer(200, "{}");

        String result = tracker.inRun("1", "train", Map.of(), runId -> "trained in " + runId);

        assertThat(result).isEqualTo("trained in r1");
        assertThat(paths()).containsExactly("/api/2.0/mlflow/runs/create", "/api/2.0/mlflow/runs/update");
        assertThat(server.received().get(1).body()).contains("\"run_id\":\"r1\"", "\"status\":\"FINISHED\"", "\"end_time\":1700000000000");
    }

    @Test
    void aRunWhoseBodyThrowsEndsFailedWithTheReason() {
        server.answer(200, RUN_CREATED).answer(200, "{}").answer(200, "{}");
        IllegalStateException failure = new IllegalStateException("Cannot fit the model: no rows");

        assertThatThrownBy(() -> tracker.inRun("1", "train", Map.of(), runId -> {
            throw failure;
        })).isSameAs(failure);

        assertThat(paths()).containsExactly("/api/2.0/mlflow/runs/create", "/api/2.0/mlflow/runs/set-tag", "/api/2.0/mlflow/runs/update");
        assertThat(server.received().get(1).body()).contains("\"run_id\":\"r1\"", "\"key\":\"mlcycle.failure_reason\"", "\"value\":\"Cannot fit the model: no rows\"");
        assertThat(server.received().get(2).body()).contains("\"status\":\"FAILED\"");
        assertThat(failure.getSuppressed()).isEmpty();
    }

    @Test
    void aFailedRunIsEndedEvenWhenItsReasonCannotBeTagged() {
        server.answer(200, RUN_CREATED).answer(500, SERVER_ERROR).answer(500, SERVER_ERROR).answer(500, SERVER_ERROR).answer(200, "{}");
        RuntimeException failure = new RuntimeException("out of disk");

        assertThatThrownBy(() -> tracker.inRun("1", "train", Map.of(), runId -> {
            throw failure;
        })).isSameAs(failure);

        assertThat(paths()).containsExactly("/api/2.0/mlflow/runs/create", "/api/2.0/mlflow/runs/set-tag", "/api/2.0/mlflow/runs/set-tag",
                "/api/2.0/mlflow/runs/set-tag", "/api/2.0/mlflow/runs/update");
        assertThat(server.received().get(4).body()).contains("\"status\":\"FAILED\"");
        assertThat(failure.getSuppressed()).singleElement()
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.SERVER_ERROR));
    }

    @Test
    void aServerDownAfterTheBodyFailedIsReportedWithTheBodysFailure() {
        server.answer(200, RUN_CREATED);
        RuntimeException failure = new RuntimeException("boom");

        assertThatThrownBy(() -> tracker.inRun("1", "train", Map.of(), runId -> {
            throw failure;
        })).isSameAs(failure);

        // The script is exhausted after runs/create: every later request gets 500, three attempts each.
        assertThat(paths()).hasSize(7).endsWith("/api/2.0/mlflow/runs/update");
        assertThat(failure.getSuppressed()).hasSize(2);
    }

    @Test
    void aLongReasonIsCutToWhatMlflowAccepts() {
        String reason = "x".repeat(6000);

        assertThat(ExperimentTracker.failureReason(new RuntimeException(reason)))
                .hasSize(5000).endsWith("x...");
        assertThat(ExperimentTracker.failureReason(new NullPointerException()))
                .isEqualTo("java.lang.NullPointerException");
    }

    private List<String> paths() {
        return server.received().stream().map(ScriptedHttpServer.Received::pathAndQuery).toList();
    }
}
