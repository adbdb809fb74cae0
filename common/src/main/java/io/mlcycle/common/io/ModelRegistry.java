package io.mlcycle.common.io;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registered models, their versions and aliases. The MLflow Model Registry in production (jobs module). */
public interface ModelRegistry {
    /** Creates the registered model when it does not exist yet. */
    void ensureRegisteredModel(String name);

    /** Registers the model files at {@code source} (an artifact URI) produced by {@code runId} as a new version. */
    ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags);

    void setAlias(String name, String alias, String version);

    Optional<ModelVersion> versionByAlias(String name, String alias);

    List<ModelVersion> versions(String name);
}
