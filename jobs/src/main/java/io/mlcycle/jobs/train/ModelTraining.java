package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import io.mlcycle.jobs.evaluate.BinaryEvaluation;
import io.mlcycle.jobs.evaluate.BinaryMetrics;
import io.mlcycle.jobs.evaluate.ChosenThreshold;
import io.mlcycle.jobs.evaluate.ScoredColumns;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Fits one candidate behind the preprocessing stages and evaluates it on held-out rows. */
public final class ModelTraining {
    private ModelTraining() {}

    /**
     * A fitted pipeline (preprocessing included), its metrics on the held-out rows, and the full metric set of
     * {@link BinaryMetrics} on the same rows (AUC-PR, log loss, Brier score, per-class, macro and weighted scores) under
     * MLflow metric names ({@code test_...}); empty where not computed.
     */
    public record TrainedModel(Classifiers.Candidate candidate, PipelineModel model, ClassificationMetrics heldOutMetrics,
            Map<String, Double> detailedMetrics) {
        public TrainedModel {
            requireNonNull(candidate, "candidate is null");
            requireNonNull(model, "model is null");
            requireNonNull(heldOutMetrics, "heldOutMetrics is null");
            detailedMetrics = Map.copyOf(detailedMetrics);
        }

        public TrainedModel(Classifiers.Candidate candidate, PipelineModel model, ClassificationMetrics heldOutMetrics) {
            this(candidate, model, heldOutMetrics, Map.of());
        }
    }

    /**
     * @param preprocessing either already fitted stages (a PipelineModel, kept as they are) or an unfitted
     *     Pipeline (fitted here on {@code train})
     */
    public static TrainedModel fit(
            Classifiers.Candidate candidate, PipelineStage preprocessing, Dataset<Row> train, Dataset<Row> heldOut, double threshold) {
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {preprocessing, candidate.estimator()}).fit(train);
        Dataset<Row> scored = model.transform(heldOut);
        // The model predicts positive above the threshold; BinaryMetrics counts a score at or above its threshold: so the next higher double.
        BinaryEvaluation detailed = BinaryMetrics.evaluate(scored, ScoredColumns.defaults(), ChosenThreshold.fixed(Math.nextUp(threshold)));
        return new TrainedModel(candidate, model, ClassificationMetrics.of(scored, threshold), detailed.asMetrics("test_"));
    }
}
