package io.mlcycle.platform.model;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.scoring.ScoringModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;

/**
 * Local copies of registered model versions, one folder per model and version under a cache folder. A version
 * is downloaded once and reused afterwards, by this process and by others sharing the folder (the scorer and
 * the retrain job): downloads are staged and moved into place, so a folder is either absent or complete.
 */
public final class ModelCache {
    /** The Spark PipelineModel inside a model folder. */
    public static final String PIPELINE_DIR = SparkModelPackage.MODEL_DATA_DIR;
    /** The training reference distribution inside a model folder, for drift monitoring. */
    public static final String REFERENCE_FILE = "drift_reference.json";

    private final ModelFiles files;
    private final Path cacheDir;

    public ModelCache(ModelFiles files, Path cacheDir) {
        this.files = requireNonNull(files, "files is null");
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null");
    }

    /** The complete local folder of a version when it is cached already. */
    public java.util.Optional<Path> cached(String name, String version) {
        Path dir = folder(name, version);
        return isComplete(dir) ? java.util.Optional.of(dir) : java.util.Optional.empty();
    }

    /** The complete local folder of {@code version}, downloaded when it is not cached yet. */
    public Path localCopy(ModelVersion version) {
        Path dir = folder(version.name(), version.version());
        if (isComplete(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir.getParent());
            if (Files.isDirectory(dir)) {
                io.mlcycle.common.io.LocalFiles.deleteRecursively(dir);
            }
            files.download(version.source(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the model cache folder " + dir.getParent() + ": " + e.getMessage()
                    + ". Check the model cache setting (mlcycle.scorer.model-cache-dir) and its permissions.", e);
        } catch (RuntimeException e) {
            if (!isComplete(dir)) {
                throw e;
            }
            // another process finished the same download first
        }
        if (!isComplete(dir)) {
            throw new IllegalStateException("Cannot use " + version.name() + " version " + version.version() + " from " + version.source()
                    + ": the model folder needs " + PIPELINE_DIR + "/ (the Spark pipeline) and " + REFERENCE_FILE
                    + " (the drift reference), and " + dir + " lacks one. Retrain and register the model with the training job.");
        }
        return dir;
    }

    /** {@code version} ready to score: its local copy's Spark pipeline and drift reference, loaded. */
    public ScoringModel load(ModelVersion version) {
        Path dir = localCopy(version);
        return new ScoringModel(version, loadPipeline(dir, version), readReference(dir));
    }

    /** The drift reference in a complete model folder. */
    public static ReferenceProfile readReference(Path dir) {
        try {
            return ReferenceProfile.fromJson(Files.readString(dir.resolve(REFERENCE_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dir.resolve(REFERENCE_FILE) + ": " + e.getMessage(), e);
        }
    }

    private static PipelineModel loadPipeline(Path dir, ModelVersion version) {
        try {
            return PipelineModel.load(dir.resolve(PIPELINE_DIR).toUri().toString());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot load the Spark pipeline of " + version.name() + " version " + version.version()
                    + " from " + dir.resolve(PIPELINE_DIR) + ": " + e.getMessage() + ". The folder must be written by PipelineModel.save"
                    + " of the same Spark version.", e);
        }
    }

    private Path folder(String name, String version) {
        return cacheDir.resolve(safe(name)).resolve(safe(version));
    }

    private static boolean isComplete(Path dir) {
        return Files.isDirectory(dir.resolve(PIPELINE_DIR)) && Files.isRegularFile(dir.resolve(REFERENCE_FILE));
    }

    private static String safe(String name) {
        return name.replaceAll("[^a-zA-Z0-9._-]", "_");
    }
}
