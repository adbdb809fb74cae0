package io.mlcycle.common.io;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registered models, their versions and aliases. The MLflow Model Registry in production (jobs module). */
public interface ModelRegistry {
    /** Creates the registered model when it does not exist yet. */
    void ensureRegisteredModel(String name);

    /**
     * Registers the model files at {@code source} (an artifact URI) produced by {@code runId} as a new version. Calling it
     * again for the same run and source returns the version the first call registered.
     */
    ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags);

    /**
     * Creates the registered model if needed, registers the version and points {@code aliases} at it. An
     * implementation whose calls can fail halfway (a remote registry) overrides this so that a version left without
     * its aliases is marked as such and a repeated call finishes it.
     */
    default ModelVersion register(String name, String source, String runId, Map<String, String> tags, List<String> aliases) {
        ensureRegisteredModel(name);
        ModelVersion version = createVersion(name, source, runId, tags);
        aliases.forEach(alias -> setAlias(name, alias, version.version()));
        return version;
    }

    void setAlias(String name, String alias, String version);

    /** Removes {@code alias}; nothing happens when it is not set. */
    void deleteAlias(String name, String alias);

    Optional<ModelVersion> versionByAlias(String name, String alias);

    List<ModelVersion> versions(String name);
}
