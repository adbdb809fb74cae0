package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ExperimentTracker;
import io.mlcycle.common.io.ExperimentTracker.RunStatus;
import io.mlcycle.common.io.LocalFiles;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.platform.model.InputExample;
import io.mlcycle.platform.model.ModelCache;
import io.mlcycle.platform.model.ModelSignature;
import io.mlcycle.platform.model.SparkModelPackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Records a trained model as an MLflow run (params, metrics, tags, the model in the spark flavor with its
 * drift reference) and registers chosen runs in the Model Registry. A run that fails on the way ends FAILED
 * with the reason as a tag, never left RUNNING.
 */
public final class ModelPublisher {
    /** Name of the drift reference inside the model folder; the scorer reads it from there. */
    public static final String REFERENCE_FILE = ModelCache.REFERENCE_FILE;
    /** Artifact path of the model inside its run. */
    public static final String MODEL_ARTIFACT = "model";

    private final ExperimentTracker tracker;
    private final ModelRegistry registry;
    private final Path scratchDir;

    public ModelPublisher(ExperimentTracker tracker, ModelRegistry registry, Path scratchDir) {
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.scratchDir = requireNonNull(scratchDir, "scratchDir is null");
    }

    /** A run that holds a model. */
    public record LoggedModel(String runId, String modelUri, ModelTraining.TrainedModel trained) {}

    public LoggedModel log(String experimentId, Map<String, String> tags, Map<String, String> params,
            Map<String, Double> metrics, ModelTraining.TrainedModel trained, ReferenceProfile reference, ModelSignature signature) {
        return log(experimentId, tags, params, metrics, trained.candidate(), () -> trained, reference, signature, Optional.empty());
    }

    /** Like {@link #log(String, Map, Map, Map, ModelTraining.TrainedModel, ReferenceProfile, ModelSignature)}, storing {@code example} with the model. */
    public LoggedModel log(String experimentId, Map<String, String> tags, Map<String, String> params, Map<String, Double> metrics,
            ModelTraining.TrainedModel trained, ReferenceProfile reference, ModelSignature signature, InputExample example) {
        return log(experimentId, tags, params, metrics, trained.candidate(), () -> trained, reference, signature, Optional.of(example));
    }

    /** Like {@link #log(String, Map, Map, Map, Classifiers.Candidate, Supplier, ReferenceProfile, ModelSignature)}, storing {@code example} with the model. */
    public LoggedModel log(String experimentId, Map<String, String> tags, Map<String, String> params, Map<String, Double> metrics,
            Classifiers.Candidate candidate, Supplier<ModelTraining.TrainedModel> training, ReferenceProfile reference,
            ModelSignature signature, InputExample example) {
        return log(experimentId, tags, params, metrics, candidate, training, reference, signature, Optional.of(example));
    }

    /**
     * Starts the run, then trains ({@code training}) inside it, so that the run's duration is the training time and a
     * failed fit ends the run FAILED.
     */
    public LoggedModel log(String experimentId, Map<String, String> tags, Map<String, String> params, Map<String, Double> metrics,
            Classifiers.Candidate candidate, Supplier<ModelTraining.TrainedModel> training, ReferenceProfile reference,
            ModelSignature signature) {
        return log(experimentId, tags, params, metrics, candidate, training, reference, signature, Optional.empty());
    }

    private LoggedModel log(String experimentId, Map<String, String> tags, Map<String, String> params, Map<String, Double> metrics,
            Classifiers.Candidate candidate, Supplier<ModelTraining.TrainedModel> training, ReferenceProfile reference,
            ModelSignature signature, Optional<InputExample> example) {
        String runId = tracker.startRun(experimentId, tags.getOrDefault("mlflow.runName", candidate.name()), tags);
        try {
            Map<String, String> allParams = new LinkedHashMap<>(candidate.params());
            allParams.putAll(params);
            tracker.logParams(runId, allParams);
            ModelTraining.TrainedModel trained = training.get();
            Map<String, Double> allMetrics = new LinkedHashMap<>(trained.heldOutMetrics().asMap("test_"));
            // the full metric set adds its own names; where a name exists already, the value selection used stays
            trained.detailedMetrics().forEach(allMetrics::putIfAbsent);
            allMetrics.putAll(metrics);
            tracker.logMetrics(runId, allMetrics);
            Path modelDir = scratchDir.resolve(runId).resolve(MODEL_ARTIFACT);
            SparkModelPackage.Metadata metadata = SparkModelPackage.Metadata.forRun(runId).withSignature(signature);
            SparkModelPackage.write(trained.model(), modelDir, example.map(metadata::withInputExample).orElse(metadata),
                    Map.of(REFERENCE_FILE, reference.toJson().getBytes(StandardCharsets.UTF_8)));
            tracker.uploadArtifacts(runId, modelDir, MODEL_ARTIFACT);
            LocalFiles.deleteRecursively(scratchDir.resolve(runId));
            tracker.endRun(runId, RunStatus.FINISHED);
            return new LoggedModel(runId, tracker.artifactUri(runId) + "/" + MODEL_ARTIFACT, trained);
        } catch (RuntimeException e) {
            tracker.endFailed(runId, e);
            throw e;
        }
    }

    /** A fresh scratch folder for files of {@code runId} on their way to its artifacts. */
    public Path scratchDir(String runId) {
        return scratchDir.resolve(runId);
    }

    /**
     * Writes {@code model} as an MLflow model in the spark flavor (with its drift reference and signature) and uploads it
     * as the run's {@value #MODEL_ARTIFACT} artifact; returns the model's URI.
     */
    public String logModel(String runId, org.apache.spark.ml.PipelineModel model, ReferenceProfile reference, ModelSignature signature,
            io.mlcycle.platform.model.InputExample example) {
        Path modelDir = scratchDir.resolve(runId).resolve(MODEL_ARTIFACT);
        SparkModelPackage.write(model, modelDir, SparkModelPackage.Metadata.forRun(runId).withSignature(signature).withInputExample(example),
                Map.of(REFERENCE_FILE, reference.toJson().getBytes(StandardCharsets.UTF_8)));
        tracker.uploadArtifacts(runId, modelDir, MODEL_ARTIFACT);
        LocalFiles.deleteRecursively(modelDir);
        return tracker.artifactUri(runId) + "/" + MODEL_ARTIFACT;
    }

    /**
     * Registers the run's model as a new version of {@code modelName} with its tags, then points {@code aliases} at it. A retry
     * never creates a second version for the run; a version whose aliases could not be set is tagged incomplete.
     */
    public ModelVersion register(String modelName, String runId, String modelUri, Map<String, String> versionTags, java.util.List<String> aliases) {
        return registry.register(modelName, modelUri, runId, versionTags, aliases);
    }

    /** The version {@code alias} points at, if any. */
    public java.util.Optional<ModelVersion> versionByAlias(String modelName, String alias) {
        return registry.versionByAlias(modelName, alias);
    }

    /** Registers the run's model as a new version of {@code modelName}. */
    public ModelVersion register(String modelName, LoggedModel logged, Map<String, String> versionTags) {
        registry.ensureRegisteredModel(modelName);
        return registry.createVersion(modelName, logged.modelUri(), logged.runId(), versionTags);
    }

    /** Points {@code alias} (the champion) at {@code version}. */
    public void promote(String modelName, String version, String alias) {
        registry.setAlias(modelName, alias, version);
    }

}
