package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.config.Secret;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.MlflowTracker;
import io.mlcycle.platform.mlflow.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code promote} and {@code rollback} against a real MLflow server ({@code -Dmlcycle.it.mlflow-uri}, which ./mlcycle test passes). */
class ChampionCommandsIT {
    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private MlflowRestClient client;
    private MlflowModelRegistry registry;
    private String model;
    private Path config;

    @BeforeEach
    void modelWithTwoVersions() {
        URI uri = mlflowUri();
        client = new MlflowRestClient(uri, Secret.empty(), Secret.empty(), Duration.ofSeconds(30), RetryPolicy.ofAttempts(3));
        registry = new MlflowModelRegistry(client);
        MlflowTracker tracker = new MlflowTracker(client);
        String experimentId = tracker.experimentId("champion-commands-it");
        model = "loan-default-" + UUID.randomUUID().toString().substring(0, 8);
        registry.ensureRegisteredModel(model);
        for (int i = 1; i <= 2; i++) {
            String run = tracker.startRun(experimentId, "v" + i, Map.of());
            registry.createVersion(model, tracker.artifactUri(run) + "/model", run, Map.of());
        }
        config = TestFiles.configFile(directory, "mlcycle.mlflow.tracking-uri = \"" + uri + "\"\nmlcycle.mlflow.max-attempts = 1\n");
    }

    @Test
    void promoteRefusesAFailedGateUnlessForcedAndRollbackGoesBack() {
        registry.setVersionTag(model, "2", "mlcycle.gate", "failed");

        assertThat(run("promote", model, "1", "--reason", "first champion", "--by", "alice")).isZero();
        assertThat(out.toString()).isEqualTo("Promoted version 1 of " + model + " to 'champion' (there was no champion), by alice: first champion\n");

        assertThat(run("promote", model, "2", "--reason", "try it", "--by", "alice")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Error: Cannot promote version 2 of model '" + model + "': it failed its quality gate"
                + " (tag mlcycle.gate = failed). Promote a version that passed, or add --force to promote this one anyway.\n");
        assertThat(champion()).isEqualTo("1");

        assertThat(run("promote", model, "2", "--reason", "try it anyway", "--by", "alice", "--force")).isZero();
        assertThat(err.toString()).isEqualTo("Warning: version 2 failed its quality gate (tag mlcycle.gate = failed); promoted anyway because of --force\n");
        assertThat(out.toString()).isEqualTo("Promoted version 2 of " + model + " to 'champion' (was version 1), by alice: try it anyway\n");
        assertThat(champion()).isEqualTo("2");

        assertThat(run("rollback", model, "--reason", "precision dropped", "--by", "bob")).isZero();
        assertThat(out.toString()).isEqualTo("Rolled back " + model + ": 'champion' is version 1 again (was version 2), by bob: precision dropped\n");
        assertThat(champion()).isEqualTo("1");
        assertThat(versionTags("1")).containsEntry("mlcycle.promoted_by", "bob").containsEntry("mlcycle.promotion_reason", "precision dropped")
                .containsKey("mlcycle.promoted_at");

        assertThat(run("rollback", model, "--reason", "again", "--by", "bob")).isEqualTo(1);
        assertThat(err.toString()).startsWith("Error: Cannot roll back model '" + model + "': its champion history (tag mlcycle.champion_history)"
                + " has no champion before version 1 that still exists.").doesNotContain("\tat ");
    }

    @Test
    void theOsUserPromotesByDefault() {
        assertThat(run("promote", model, "2", "--reason", "weekly retrain")).isZero();

        assertThat(versionTags("2")).containsEntry("mlcycle.promoted_by", System.getProperty("user.name"));
    }

    @Test
    void aReasonIsRequired() {
        assertThat(run("promote", model, "2")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--reason=<text>'");
        assertThat(run("rollback", model, "--reason", " ")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Error: Cannot roll back " + model + " without saying who and why: give --reason \"<text>\""
                + " (and --by <who> when the OS user is unknown).\n");
    }

    @Test
    void unknownModelsAndVersionsAreErrors() {
        assertThat(run("promote", model, "9", "--reason", "r")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Error: Cannot promote version 9 of model '" + model + "': it has no version 9 (versions: 1, 2).\n");
        assertThat(run("rollback", model + "-missing", "--reason", "r")).isEqualTo(1);
        assertThat(err.toString()).startsWith("Error: Cannot roll back model '" + model + "-missing': there is no registered model");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] withConfig = new String[args.length + 2];
        System.arraycopy(args, 0, withConfig, 0, args.length);
        withConfig[args.length] = "--config";
        withConfig[args.length + 1] = config.toString();
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), withConfig);
    }

    private String champion() {
        return registry.versionByAlias(model, "champion").orElseThrow().version();
    }

    private Map<String, String> versionTags(String version) {
        JsonNode tags = client.get("model-versions/get", Map.of("name", model, "version", version)).path("model_version").path("tags");
        Map<String, String> map = new HashMap<>();
        tags.forEach(tag -> map.put(tag.path("key").asText(), tag.path("value").asText()));
        return map;
    }

    private static URI mlflowUri() {
        String value = System.getProperty("mlcycle.it.mlflow-uri", "").strip();
        if (value.isEmpty()) {
            fail("System property mlcycle.it.mlflow-uri is not set. Run this test with ./mlcycle test, which starts an MLflow server,"
                    + " or start one (mlflow server --backend-store-uri sqlite:///PATH/mlflow.db --serve-artifacts --port 5601)"
                    + " and pass -Dmlcycle.it.mlflow-uri=http://127.0.0.1:5601");
        }
        return URI.create(value);
    }
}
