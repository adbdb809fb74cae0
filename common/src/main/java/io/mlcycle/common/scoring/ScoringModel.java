package io.mlcycle.common.scoring;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ModelVersion;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;

/**
 * A loaded model version: the fitted pipeline that scores, the task it was trained for, its class values (multiclass
 * models, in index order) and the training reference that drift is measured against.
 */
public record ScoringModel(ModelVersion version, PipelineModel pipeline, ReferenceProfile reference, TaskType task,
                           Optional<List<String>> classes) {
    public ScoringModel {
        requireNonNull(version, "version is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(task, "task is null");
        classes = requireNonNull(classes, "classes is null").map(List::copyOf);
    }

    /** The task and classes as the pipeline says them ({@link ModelOutputs}). */
    public ScoringModel(ModelVersion version, PipelineModel pipeline, ReferenceProfile reference) {
        this(version, pipeline, reference, ModelOutputs.task(pipeline), ModelOutputs.classes(pipeline));
    }

    /** "model version 3" for messages. */
    public String describe() {
        return version.name() + " version " + version.version();
    }
}
