package io.mlcycle.jobs.train.tuning;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Hyperparameter search over a pipeline (preprocessing and estimator) with MLlib's {@link CrossValidator} or
 * {@link TrainValidationSplit}, on training rows only: the test set never takes part in selection. Every grid point's
 * validation metric is kept (for one MLflow child run each); the best point is refitted on all training rows.
 */
public final class Tuning {
    /** How candidates are validated. */
    public enum Method {
        /** k folds, each point fitted k times: steadier, k times the cost. */
        CROSS_VALIDATOR,
        /** One random train/validation split. */
        TRAIN_VALIDATION_SPLIT
    }

    /**
     * @param folds folds of the cross validator (2 or more)
     * @param trainRatio share of training rows fitted on by the train-validation split (the rest validates)
     * @param parallelism grid points fitted at once (Spark jobs in parallel; 1 on a small machine)
     */
    public record Settings(Method method, int folds, double trainRatio, int parallelism, long seed) {
        public Settings {
            requireNonNull(method, "method is null");
            if (folds < 2 || trainRatio <= 0 || trainRatio >= 1 || parallelism < 1) {
                throw new IllegalArgumentException("Cannot tune with folds " + folds + ", train ratio " + trainRatio + ", parallelism "
                        + parallelism + ": expected folds >= 2, 0 < train ratio < 1, parallelism >= 1");
            }
        }
    }

    /** One grid point: its parameters (as MLflow params) and its validation metric. */
    public record Candidate(Map<String, String> params, double validationMetric) {
        public Candidate {
            params = Map.copyOf(params);
        }
    }

    /** The refitted best pipeline, every candidate in grid order, and which one won. */
    public record Result(PipelineModel best, List<Candidate> candidates, int bestIndex, boolean largerIsBetter) {
        public Result {
            requireNonNull(best, "best is null");
            candidates = List.copyOf(candidates);
        }

        public Candidate winner() {
            return candidates.get(bestIndex);
        }
    }

    private Tuning() {}

    public static Result tune(Pipeline pipeline, ParamMap[] grid, Evaluator evaluator, Dataset<Row> train, Settings settings) {
        double[] metrics;
        PipelineModel best;
        if (settings.method() == Method.CROSS_VALIDATOR) {
            CrossValidatorModel model = new CrossValidator()
                    .setEstimator(pipeline).setEstimatorParamMaps(grid).setEvaluator(evaluator)
                    .setNumFolds(settings.folds()).setParallelism(settings.parallelism()).setSeed(settings.seed())
                    .fit(train);
            metrics = model.avgMetrics();
            best = (PipelineModel) model.bestModel();
        } else {
            TrainValidationSplitModel model = new TrainValidationSplit()
                    .setEstimator(pipeline).setEstimatorParamMaps(grid).setEvaluator(evaluator)
                    .setTrainRatio(settings.trainRatio()).setParallelism(settings.parallelism()).setSeed(settings.seed())
                    .fit(train);
            metrics = model.validationMetrics();
            best = (PipelineModel) model.bestModel();
        }
        List<Candidate> candidates = new ArrayList<>();
        int bestIndex = 0;
        for (int i = 0; i < grid.length; i++) {
            candidates.add(new Candidate(ParamGrids.describe(grid[i]), metrics[i]));
            boolean better = evaluator.isLargerBetter() ? metrics[i] > metrics[bestIndex] : metrics[i] < metrics[bestIndex];
            if (better) {
                bestIndex = i;
            }
        }
        return new Result(best, candidates, bestIndex, evaluator.isLargerBetter());
    }
}
