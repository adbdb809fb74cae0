package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Fits one candidate behind the preprocessing stages and evaluates it on held-out rows. */
public final class ModelTraining {
    private ModelTraining() {}

    /** A fitted pipeline (preprocessing included) and its metrics on the held-out rows. */
    public record TrainedModel(Classifiers.Candidate candidate, PipelineModel model, ClassificationMetrics heldOutMetrics) {
        public TrainedModel {
            requireNonNull(candidate, "candidate is null");
            requireNonNull(model, "model is null");
            requireNonNull(heldOutMetrics, "heldOutMetrics is null");
        }
    }

    /**
     * @param preprocessing either already fitted stages (a PipelineModel, kept as they are) or an unfitted
     *     Pipeline (fitted here on {@code train})
     */
    public static TrainedModel fit(
            Classifiers.Candidate candidate, PipelineStage preprocessing, Dataset<Row> train, Dataset<Row> heldOut, double threshold) {
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {preprocessing, candidate.estimator()}).fit(train);
        return new TrainedModel(candidate, model, ClassificationMetrics.of(model.transform(heldOut), threshold));
    }
}
