package io.mlcycle.streaming;

import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory model registry; thread-safe, because a test moves the alias while the query's thread reads it. */
final class FakeModelRegistry implements ModelRegistry {
    private final Map<String, List<ModelVersion>> versions = new ConcurrentHashMap<>();
    private final Map<String, String> aliases = new ConcurrentHashMap<>();

    @Override
    public void ensureRegisteredModel(String name) {
        versions.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    }

    @Override
    public ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags) {
        ensureRegisteredModel(name);
        List<ModelVersion> existing = versions.get(name);
        Optional<ModelVersion> fromRun = existing.stream().filter(v -> v.runId().equals(runId) && v.source().equals(source)).findFirst();
        if (fromRun.isPresent()) {
            return fromRun.get();
        }
        ModelVersion version = new ModelVersion(name, String.valueOf(existing.size() + 1), runId, source);
        existing.add(version);
        return version;
    }

    @Override
    public void setAlias(String name, String alias, String version) {
        aliases.put(name + "@" + alias, version);
    }

    @Override
    public void deleteAlias(String name, String alias) {
        aliases.remove(name + "@" + alias);
    }

    @Override
    public Optional<ModelVersion> versionByAlias(String name, String alias) {
        String version = aliases.get(name + "@" + alias);
        return versions(name).stream().filter(v -> v.version().equals(version)).findFirst();
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return new ArrayList<>(versions.getOrDefault(name, List.of()));
    }
}
