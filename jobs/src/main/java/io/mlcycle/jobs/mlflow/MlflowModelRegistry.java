package io.mlcycle.jobs.mlflow;

import static io.mlcycle.jobs.mlflow.MlflowTracker.requiredText;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.mlflow.MlflowRestClient.Idempotency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The MLflow Model Registry over its REST API (mlflow-client has no calls that create models, versions or aliases). */
public final class MlflowModelRegistry implements ModelRegistry {
    /** How long a new model version may stay PENDING_REGISTRATION before registration counts as failed. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(500);
    private static final int SEARCH_PAGE_SIZE = 1000;

    private final MlflowRestClient client;
    private final Duration readyTimeout;

    public MlflowModelRegistry(MlflowRestClient client) {
        this(client, DEFAULT_READY_TIMEOUT);
    }

    public MlflowModelRegistry(MlflowRestClient client, Duration readyTimeout) {
        this.client = requireNonNull(client, "client is null");
        this.readyTimeout = requireNonNull(readyTimeout, "readyTimeout is null");
    }

    @Override
    public void ensureRegisteredModel(String name) {
        try {
            client.post("registered-models/create", Map.of("name", requireNonNull(name, "name is null")), Idempotency.IDEMPOTENT);
        } catch (MlflowException exists) {
            if (exists.category() != MlflowErrorCategory.ALREADY_EXISTS) {
                throw exists;
            }
        }
    }

    /** Registers a new version and returns it once MLflow reports it READY. */
    @Override
    public ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags) {
        List<Map<String, String>> tagList = new ArrayList<>();
        tags.forEach((key, value) -> tagList.add(Map.of("key", key, "value", value)));
        Map<String, Object> body = Map.of(
                "name", requireNonNull(name, "name is null"),
                "source", requireNonNull(source, "source is null"),
                "run_id", requireNonNull(runId, "runId is null"),
                "tags", tagList);
        JsonNode created = client.post("model-versions/create", body, Idempotency.NOT_IDEMPOTENT).path("model_version");
        return awaitReady(created);
    }

    private ModelVersion awaitReady(JsonNode version) {
        Instant deadline = Instant.now().plus(readyTimeout);
        JsonNode current = version;
        while ("PENDING_REGISTRATION".equals(current.path("status").asText())) {
            if (Instant.now().isAfter(deadline)) {
                throw registrationFailed(current, "is still PENDING_REGISTRATION after " + readyTimeout);
            }
            pause();
            current = client.get("model-versions/get", Map.of("name", current.path("name").asText(), "version", current.path("version").asText()))
                    .path("model_version");
        }
        if (!"READY".equals(current.path("status").asText())) {
            throw registrationFailed(current, "ended as " + current.path("status").asText() + ": " + current.path("status_message").asText(""));
        }
        return modelVersion(current);
    }

    private static MlflowException registrationFailed(JsonNode version, String what) {
        return new MlflowException(MlflowErrorCategory.REGISTRATION_FAILED,
                "Cannot register version " + version.path("version").asText() + " of model '" + version.path("name").asText()
                        + "' from " + version.path("source").asText() + ": it " + what + ". See the MLflow server's log.");
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        Map<String, String> body = Map.of(
                "name", requireNonNull(name, "name is null"),
                "alias", requireNonNull(alias, "alias is null"),
                "version", requireNonNull(version, "version is null"));
        client.post("registered-models/alias", body, Idempotency.IDEMPOTENT);
    }

    /** Removes {@code alias} from registered model {@code name}; nothing happens when it is not set. */
    public void deleteAlias(String name, String alias) {
        client.delete("registered-models/alias", Map.of("name", requireNonNull(name, "name is null"), "alias", requireNonNull(alias, "alias is null")));
    }

    /**
     * The version {@code alias} points at; empty when the alias is not set or the registered model does not exist
     * yet (before the first registration nothing can be a champion). Other failures throw.
     */
    @Override
    public Optional<ModelVersion> versionByAlias(String name, String alias) {
        requireNonNull(alias, "alias is null");
        JsonNode model;
        try {
            model = client.get("registered-models/get", Map.of("name", requireNonNull(name, "name is null"))).path("registered_model");
        } catch (MlflowException notFound) {
            if (notFound.category() == MlflowErrorCategory.NOT_FOUND) {
                return Optional.empty();
            }
            throw notFound;
        }
        for (JsonNode entry : model.path("aliases")) {
            if (alias.equals(entry.path("alias").asText())) {
                return Optional.of(version(name, requiredText(entry, "version", "registered-models/get")));
            }
        }
        return Optional.empty();
    }

    /** One version of a registered model. */
    public ModelVersion version(String name, String version) {
        return modelVersion(client.get("model-versions/get", Map.of("name", name, "version", version)).path("model_version"));
    }

    /** Every version of {@code name}, oldest first; empty when the model does not exist. */
    @Override
    public List<ModelVersion> versions(String name) {
        List<ModelVersion> versions = new ArrayList<>();
        String pageToken = "";
        do {
            Map<String, String> query = new HashMap<>(Map.of("filter", nameFilter(name), "max_results", String.valueOf(SEARCH_PAGE_SIZE)));
            if (!pageToken.isEmpty()) {
                query.put("page_token", pageToken);
            }
            JsonNode page = client.get("model-versions/search", query);
            page.path("model_versions").forEach(version -> versions.add(modelVersion(version)));
            pageToken = page.path("next_page_token").asText("");
        } while (!pageToken.isEmpty());
        versions.sort(Comparator.comparingLong(version -> Long.parseLong(version.version())));
        return List.copyOf(versions);
    }

    /** MLflow's search filter for one model name, quoted with whichever quote the name does not contain. */
    static String nameFilter(String name) {
        requireNonNull(name, "name is null");
        if (!name.contains("'")) {
            return "name='" + name + "'";
        }
        if (!name.contains("\"")) {
            return "name=\"" + name + "\"";
        }
        throw new IllegalArgumentException("Cannot search the versions of model " + name + ": its name contains both kinds of quote");
    }

    private static ModelVersion modelVersion(JsonNode json) {
        return new ModelVersion(
                requiredText(json, "name", "model-versions"),
                requiredText(json, "version", "model-versions"),
                json.path("run_id").asText(""),
                json.path("source").asText(""));
    }

    private static void pause() {
        try {
            Thread.sleep(READY_POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(MlflowErrorCategory.REGISTRATION_FAILED, "Interrupted while waiting for a model version to become READY", e);
        }
    }
}
