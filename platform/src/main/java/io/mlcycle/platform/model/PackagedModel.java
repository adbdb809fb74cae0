package io.mlcycle.platform.model;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;

/** A model read back from an MLflow model folder: the fitted pipeline, the run that made it, and its extra files. */
public final class PackagedModel {
    private final Path directory;
    private final PipelineModel pipeline;
    private final String runId;
    private final Map<String, byte[]> extraFiles;

    PackagedModel(Path directory, PipelineModel pipeline, String runId, Map<String, byte[]> extraFiles) {
        this.directory = requireNonNull(directory, "directory is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.extraFiles = new TreeMap<>();
        extraFiles.forEach((name, bytes) -> this.extraFiles.put(name, bytes.clone()));
    }

    /** The model folder it was read from. */
    public Path directory() {
        return directory;
    }

    public PipelineModel pipeline() {
        return pipeline;
    }

    /** The run id recorded in MLmodel; empty when the folder names none. */
    public String runId() {
        return runId;
    }

    /** Names of the files stored next to the model (such as {@code drift_reference.json}). */
    public Set<String> extraFileNames() {
        return Set.copyOf(extraFiles.keySet());
    }

    /** The bytes of the extra file {@code name}, or empty when the folder has none of that name. */
    public Optional<byte[]> extraFile(String name) {
        return Optional.ofNullable(extraFiles.get(name)).map(byte[]::clone);
    }
}
