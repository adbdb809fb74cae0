package io.mlcycle.platform.fakes;

import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A hand-written in-memory ModelRegistry (and ModelFiles over file: URIs) for job tests. */
public final class InMemoryRegistry implements ModelRegistry, ModelFiles {
    private final Map<String, List<ModelVersion>> models = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> versionTags = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();

    @Override
    public void ensureRegisteredModel(String name) {
        models.computeIfAbsent(name, n -> new ArrayList<>());
    }

    @Override
    public ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags) {
        List<ModelVersion> versions = models.get(name);
        if (versions == null) {
            throw new IllegalStateException("registered model " + name + " does not exist");
        }
        Optional<ModelVersion> existing = versions.stream().filter(v -> v.runId().equals(runId) && v.source().equals(source)).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        ModelVersion version = new ModelVersion(name, String.valueOf(versions.size() + 1), runId, source);
        versions.add(version);
        versionTags.put(name + "/" + version.version(), Map.copyOf(tags));
        return version;
    }

    public Map<String, String> tags(String name, String version) {
        return versionTags.get(name + "/" + version);
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
        return Optional.ofNullable(version).map(v -> models.get(name).get(Integer.parseInt(v) - 1));
    }

    @Override
    public List<ModelVersion> versions(String name) {
        return List.copyOf(models.getOrDefault(name, List.of()));
    }

    /** Copies the folder at the file: URI into {@code targetDir}, as {@link ModelFiles} promises. */
    @Override
    public Path download(String sourceUri, Path targetDir) {
        Path source = Path.of(URI.create(sourceUri));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = targetDir.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source + " to " + targetDir + ": " + e.getMessage(), e);
        }
        return targetDir;
    }
}
