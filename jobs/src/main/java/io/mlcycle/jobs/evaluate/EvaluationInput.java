package io.mlcycle.jobs.evaluate;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.EvaluationSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.report.FeatureImportance;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What {@link ModelEvaluation} needs: a fitted pipeline, the test rows it has not seen (unscored: the raw input columns,
 * the double {@code label} and the dataset's id column; cache them, as the robustness check reads them twice more), the
 * dataset spec (its task, id column, sensitive attributes and feature inputs), the evaluation settings, and a seed for
 * the bootstrap and the perturbations. A binary model also needs its {@link BinaryDecision}.
 *
 * @param featureImportances drawn as feature_importance.png when not empty
 */
public record EvaluationInput(PipelineModel model, Dataset<Row> testRows, DatasetSpec dataset, Optional<BinaryDecision> decision,
        EvaluationSettings settings, long seed, List<FeatureImportance> featureImportances) {
    public EvaluationInput {
        requireNonNull(model, "model is null");
        requireNonNull(testRows, "testRows is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(decision, "decision is null");
        requireNonNull(settings, "settings is null");
        featureImportances = List.copyOf(featureImportances);
        if (decision.isPresent() != (dataset.task() == TaskType.BINARY)) {
            throw new IllegalArgumentException("Cannot evaluate a " + dataset.task().name().toLowerCase(Locale.ROOT) + " model "
                    + (decision.isPresent() ? "with" : "without") + " a binary decision threshold: binary models need one, others none. "
                    + "Use EvaluationInput.binary for binary tasks and EvaluationInput.of for the others.");
        }
    }

    /** A binary model's input. */
    public static EvaluationInput binary(PipelineModel model, Dataset<Row> testRows, DatasetSpec dataset, BinaryDecision decision,
            EvaluationSettings settings, long seed) {
        return new EvaluationInput(model, testRows, dataset, Optional.of(decision), settings, seed, List.of());
    }

    /** A multiclass or regression model's input. */
    public static EvaluationInput of(PipelineModel model, Dataset<Row> testRows, DatasetSpec dataset, EvaluationSettings settings, long seed) {
        return new EvaluationInput(model, testRows, dataset, Optional.empty(), settings, seed, List.of());
    }

    public EvaluationInput withFeatureImportances(List<FeatureImportance> importances) {
        return new EvaluationInput(model, testRows, dataset, decision, settings, seed, importances);
    }

    public TaskType task() {
        return dataset.task();
    }
}
