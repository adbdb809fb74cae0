package io.mlcycle.common.scoring;

import io.mlcycle.common.dataset.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.ClassificationModel;
import org.apache.spark.ml.feature.IndexToString;

/**
 * What a fitted pipeline, as the train job saves it, predicts: its task and, for multiclass models, the class values.
 *
 * <p>A multiclass model ends in an {@link IndexToString} stage that maps the predicted class index back to the label
 * value (the train job adds it; its labels are the class values in index order). Otherwise the last
 * {@link PredictionModel} tells: a classifier is binary, anything else a regressor.
 */
public final class ModelOutputs {
    private ModelOutputs() {}

    /** The task the pipeline was trained for. */
    public static TaskType task(PipelineModel pipeline) {
        if (classes(pipeline).isPresent()) {
            return TaskType.MULTICLASS;
        }
        PredictionModel<?, ?> predictor = predictor(pipeline);
        if (predictor instanceof ClassificationModel<?, ?> classifier) {
            return classifier.numClasses() == 2 ? TaskType.BINARY : TaskType.MULTICLASS;
        }
        return TaskType.REGRESSION;
    }

    /** Fails unless {@code model} predicts what {@code task} asks for, so that it can be served for it. */
    public static void requireTask(ScoringModel model, TaskType task) {
        if (model.task() != task) {
            throw new IllegalArgumentException("Cannot serve " + model.describe() + ": it is a " + name(model.task())
                    + " model and mlcycle.dataset.task is " + name(task) + ". Move the champion alias to a model trained on this"
                    + " dataset, or set mlcycle.dataset.task to the model's task.");
        }
        if (task == TaskType.MULTICLASS && model.classes().isEmpty()) {
            throw new IllegalArgumentException("Cannot serve " + model.describe() + ": it is a multiclass classifier without the stage"
                    + " that maps class indexes back to label values. Serve a model saved by the train job, which adds that stage.");
        }
    }

    /** The class values in index order, from the pipeline's {@link IndexToString} stage; empty when it has none. */
    public static Optional<List<String>> classes(PipelineModel pipeline) {
        return stages(pipeline).stream()
                .filter(IndexToString.class::isInstance)
                .map(stage -> List.of(((IndexToString) stage).getLabels()))
                .reduce((first, last) -> last);
    }

    private static String name(TaskType task) {
        return task.name().toLowerCase(Locale.ROOT);
    }

    private static PredictionModel<?, ?> predictor(PipelineModel pipeline) {
        return stages(pipeline).stream()
                .filter(PredictionModel.class::isInstance)
                .map(stage -> (PredictionModel<?, ?>) stage)
                .reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalArgumentException("Cannot tell what pipeline " + pipeline.uid() + " predicts: it has no"
                        + " prediction model among its stages. Serve a model saved by the train job."));
    }

    /** The pipeline's stages in order, nested pipelines expanded. */
    private static List<Transformer> stages(PipelineModel pipeline) {
        List<Transformer> stages = new ArrayList<>();
        for (Transformer stage : pipeline.stages()) {
            if (stage instanceof PipelineModel nested) {
                stages.addAll(stages(nested));
            } else {
                stages.add(stage);
            }
        }
        return stages;
    }
}
