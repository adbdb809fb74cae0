package io.mlcycle.platform.mlflow;

import static io.mlcycle.platform.mlflow.MlflowTracker.requiredText;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.platform.mlflow.MlflowRestClient.Idempotency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MLflow Model Registry over its REST API (mlflow-client has no calls that create models, versions or aliases). */
public final class MlflowModelRegistry implements ModelRegistry {
    /** Version tag that says whether {@link #register} finished: {@value #REGISTRATION_INCOMPLETE} until every alias is set. */
    public static final String REGISTRATION_TAG = "mlcycle.registration";
    public static final String REGISTRATION_INCOMPLETE = "incomplete";
    public static final String REGISTRATION_COMPLETE = "complete";
    /** How long a new model version may stay PENDING_REGISTRATION before registration counts as failed. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(MlflowModelRegistry.class);
    private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(500);
    private static final int SEARCH_PAGE_SIZE = 1000;

    /** A registered model: its aliases (alias to version) and tags. */
    public record RegisteredModel(String name, Map<String, String> aliases, Map<String, String> tags) {
        public RegisteredModel {
            requireNonNull(name, "name is null");
            aliases = Map.copyOf(aliases);
            tags = Map.copyOf(tags);
        }
    }

    /** A model version with its registration status (READY, PENDING_REGISTRATION, FAILED_REGISTRATION) and tags. */
    public record RegisteredVersion(ModelVersion version, String status, Map<String, String> tags) {
        public RegisteredVersion {
            requireNonNull(version, "version is null");
            requireNonNull(status, "status is null");
            tags = Map.copyOf(tags);
        }
    }

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

    /**
     * Registers the model files at {@code source} from {@code runId} and returns the version once MLflow reports it READY.
     *
     * <p>Idempotent per run and source: a version of {@code name} already registered from them (and not
     * FAILED_REGISTRATION) is returned instead of creating another. A create whose outcome is unknown (the connection
     * broke after the request was sent, or the server answered 5xx) is followed by that search again before it is
     * retried, up to the client's attempts, so a retry never leaves two versions for one run. Two processes
     * registering the same run at the same moment can still both create one: MLflow has no unique key to prevent it.
     */
    @Override
    public ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags) {
        Map<String, Object> body = createBody(name, source, runId, requireNonNull(tags, "tags is null"));
        RetryPolicy policy = client.retryPolicy();
        for (int attempt = 1; ; attempt++) {
            Optional<JsonNode> existing = versionFromRun(name, runId, source);
            if (existing.isPresent()) {
                return awaitReady(existing.get());
            }
            try {
                return awaitReady(client.post("model-versions/create", body, Idempotency.NOT_IDEMPOTENT).path("model_version"));
            } catch (MlflowException e) {
                if (!outcomeUnknown(e) || attempt >= policy.maxAttempts()) {
                    throw e;
                }
                LOG.warn("Registering run {} as a version of model '{}' failed ({}), attempt {} of {}; looking for the version before retrying",
                        runId, name, e.category(), attempt, policy.maxAttempts());
                pause(policy.backoffAfter(attempt));
            }
        }
    }

    /**
     * Registers a version and points {@code aliases} at it so that no version is left half-registered unnoticed: the
     * version is created carrying {@value #REGISTRATION_TAG}={@value #REGISTRATION_INCOMPLETE} (in the create call
     * itself, so even a killed process leaves the mark), and the tag becomes {@value #REGISTRATION_COMPLETE} only after
     * every alias is set. Calling it again for the same run and source finishes what an earlier call left incomplete.
     *
     * <p>Marking rather than deleting the version on failure: a failure can be ambiguous (an alias set whose answer was
     * lost), and deleting a version an alias points at would take the alias, perhaps the champion, with it; a delete
     * can fail against a flapping server as well, while the mark is already written.
     */
    @Override
    public ModelVersion register(String name, String source, String runId, Map<String, String> tags, List<String> aliases) {
        ensureRegisteredModel(name);
        Map<String, String> marked = new LinkedHashMap<>(tags);
        marked.put(REGISTRATION_TAG, REGISTRATION_INCOMPLETE);
        ModelVersion version = createVersion(name, source, runId, marked);
        for (String alias : aliases) {
            setAlias(name, alias, version.version());
        }
        setVersionTag(name, version.version(), REGISTRATION_TAG, REGISTRATION_COMPLETE);
        return version;
    }

    private static Map<String, Object> createBody(String name, String source, String runId, Map<String, String> tags) {
        List<Map<String, String>> tagList = new ArrayList<>();
        tags.forEach((key, value) -> tagList.add(Map.of("key", key, "value", value)));
        return Map.of(
                "name", requireNonNull(name, "name is null"),
                "source", requireNonNull(source, "source is null"),
                "run_id", requireNonNull(runId, "runId is null"),
                "tags", tagList);
    }

    /** The server may have created the version: the request was sent but no clear answer came back. */
    private static boolean outcomeUnknown(MlflowException e) {
        return e.category() == MlflowErrorCategory.UNREACHABLE || e.category() == MlflowErrorCategory.SERVER_ERROR;
    }

    /** A version of {@code name} registered from {@code runId} and {@code source} that is READY or still becoming so. */
    private Optional<JsonNode> versionFromRun(String name, String runId, String source) {
        if (runId.contains("'")) {
            throw new IllegalArgumentException("Cannot register a version from run " + runId + ": a run id has no quotes");
        }
        String filter = nameFilter(name) + " and run_id='" + runId + "'";
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter", filter);
        query.put("max_results", String.valueOf(SEARCH_PAGE_SIZE));
        JsonNode page = client.get("model-versions/search", query);
        for (JsonNode version : page.path("model_versions")) {
            if (source.equals(version.path("source").asText()) && !"FAILED_REGISTRATION".equals(version.path("status").asText())) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
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
    @Override
    public void deleteAlias(String name, String alias) {
        client.delete("registered-models/alias", Map.of("name", requireNonNull(name, "name is null"), "alias", requireNonNull(alias, "alias is null")));
    }

    /** Sets tag {@code key} of version {@code version} of model {@code name}, replacing its value. */
    public void setVersionTag(String name, String version, String key, String value) {
        client.post("model-versions/set-tag", Map.of(
                "name", requireNonNull(name, "name is null"),
                "version", requireNonNull(version, "version is null"),
                "key", requireNonNull(key, "key is null"),
                "value", requireNonNull(value, "value is null")), Idempotency.IDEMPOTENT);
    }

    /** Removes tag {@code key} of a model version. */
    public void deleteVersionTag(String name, String version, String key) {
        client.delete("model-versions/delete-tag", Map.of(
                "name", requireNonNull(name, "name is null"),
                "version", requireNonNull(version, "version is null"),
                "key", requireNonNull(key, "key is null")));
    }

    /** Sets tag {@code key} of registered model {@code name}, replacing its value. */
    public void setModelTag(String name, String key, String value) {
        client.post("registered-models/set-tag", Map.of(
                "name", requireNonNull(name, "name is null"),
                "key", requireNonNull(key, "key is null"),
                "value", requireNonNull(value, "value is null")), Idempotency.IDEMPOTENT);
    }

    /** Removes tag {@code key} of registered model {@code name}. */
    public void deleteModelTag(String name, String key) {
        client.delete("registered-models/delete-tag", Map.of("name", requireNonNull(name, "name is null"), "key", requireNonNull(key, "key is null")));
    }

    /** A registered model with its aliases and tags; empty when there is no model of that name. */
    public Optional<RegisteredModel> registeredModel(String name) {
        JsonNode model;
        try {
            model = client.get("registered-models/get", Map.of("name", requireNonNull(name, "name is null"))).path("registered_model");
        } catch (MlflowException notFound) {
            if (notFound.category() == MlflowErrorCategory.NOT_FOUND) {
                return Optional.empty();
            }
            throw notFound;
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        model.path("aliases").forEach(entry -> aliases.put(entry.path("alias").asText(), entry.path("version").asText()));
        return Optional.of(new RegisteredModel(name, aliases, tags(model.path("tags"))));
    }

    /** One version with its status and tags; empty when the model has no such version (or the model does not exist). */
    public Optional<RegisteredVersion> registeredVersion(String name, String version) {
        JsonNode json;
        try {
            json = client.get("model-versions/get", Map.of("name", requireNonNull(name, "name is null"), "version", requireNonNull(version, "version is null")))
                    .path("model_version");
        } catch (MlflowException notFound) {
            if (notFound.category() == MlflowErrorCategory.NOT_FOUND) {
                return Optional.empty();
            }
            throw notFound;
        }
        return Optional.of(new RegisteredVersion(modelVersion(json), json.path("status").asText(""), tags(json.path("tags"))));
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

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> tags = new LinkedHashMap<>();
        list.forEach(entry -> tags.put(entry.path("key").asText(), entry.path("value").asText("")));
        return tags;
    }

    private static ModelVersion modelVersion(JsonNode json) {
        return new ModelVersion(
                requiredText(json, "name", "model-versions"),
                requiredText(json, "version", "model-versions"),
                json.path("run_id").asText(""),
                json.path("source").asText(""));
    }

    private static void pause() {
        pause(READY_POLL_INTERVAL);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(MlflowErrorCategory.REGISTRATION_FAILED, "Interrupted while registering a model version", e);
        }
    }
}
