package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.config.TrainSettings.AlgorithmSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.io.ExperimentTracker;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.train.tuning.Evaluators;
import io.mlcycle.jobs.train.tuning.ParamGrids;
import io.mlcycle.jobs.train.tuning.Tuning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;

/**
 * The hyperparameter search of one training run: every configured algorithm's grid is tuned on the fit rows (cross
 * validation or a train-validation split, MLlib's own), each grid point becomes an MLflow child run of the training run
 * with its parameters and validation metric, and each algorithm's tuned winner is then scored on the validation rows,
 * which pick the overall winner. The test rows take no part.
 */
public final class CandidateSearch {
    /** Tag MLflow nests child runs under their parent by. */
    public static final String PARENT_RUN_TAG = "mlflow.parentRunId";

    private final ExperimentTracker tracker;
    private final Progress progress;

    public CandidateSearch(ExperimentTracker tracker, Progress progress) {
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** One grid point: its parameters (every parameter of the estimator, kebab case), its tuning metric and its child run. */
    public record Candidate(String algorithm, int index, Map<String, String> params, double tuningMetric, String runId) {
        public Candidate {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        public String label() {
            return algorithm + " #" + index;
        }
    }

    /** One algorithm's grid after tuning: its candidates, the winner refitted on the fit rows, its validation metric. */
    public record AlgorithmResult(AlgorithmSpec spec, List<Candidate> candidates, int winnerIndex, PipelineModel model, double validationMetric) {
        public AlgorithmResult {
            candidates = List.copyOf(candidates);
        }

        public Candidate winner() {
            return candidates.get(winnerIndex);
        }
    }

    /** Every algorithm's result and which one won on the validation rows. */
    public record Outcome(String metric, boolean largerIsBetter, List<AlgorithmResult> algorithms, int winnerIndex) {
        public Outcome {
            algorithms = List.copyOf(algorithms);
        }

        public AlgorithmResult winner() {
            return algorithms.get(winnerIndex);
        }

        public List<Candidate> candidates() {
            return algorithms.stream().flatMap(result -> result.candidates().stream()).toList();
        }
    }

    /**
     * @param preprocessing the fitted feature stages, kept as they are in every candidate
     * @param childTags tags every child run carries (data, code and config versions)
     */
    public Outcome run(TrainingData data, PipelineModel preprocessing, TrainSettings settings, TaskType task, String experimentId,
            String parentRunId, Map<String, String> childTags) {
        String metric = settings.selectionMetricFor(task);
        Tuning.Settings tuning = new Tuning.Settings(
                settings.tuning().method() == TrainSettings.TuningMethod.CROSS_VALIDATION ? Tuning.Method.CROSS_VALIDATOR : Tuning.Method.TRAIN_VALIDATION_SPLIT,
                settings.tuning().folds(), settings.tuning().trainRatio(), settings.tuning().parallelism(), settings.seed());
        List<AlgorithmResult> results = new ArrayList<>();
        int winner = 0;
        for (int i = 0; i < settings.algorithms().size(); i++) {
            AlgorithmSpec spec = settings.algorithms().get(i);
            Estimator<?> estimator = Algorithms.estimator(spec.algorithm(), task, settings.weightColumn(), settings.seed());
            // binary AUCs rank by the positive-class probability (a tree's rawPrediction is leaf counts), or a linear SVM's margin
            Evaluator evaluator = Evaluators.of(task, metric, task == TaskType.BINARY ? Algorithms.scoreColumn(spec.algorithm()) : "rawPrediction");
            ParamMap[] grid = ParamGrids.build(estimator, "mlcycle.train.algorithms[" + i + "].grid", spec.grid());
            Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {preprocessing, estimator});
            progress.step(spec.name() + ": tuning " + grid.length + " candidate(s) by " + metric + " with "
                    + ConfigReader.kebab(settings.tuning().method()) + " on " + data.fit().count() + " rows");
            Tuning.Result tuned = Tuning.tune(pipeline, grid, evaluator, data.fit(), tuning);
            List<Candidate> candidates = new ArrayList<>();
            for (int j = 0; j < grid.length; j++) {
                Map<String, String> params = ParamGrids.describe(estimator.copy(grid[j]).extractParamMap());
                double value = tuned.candidates().get(j).validationMetric();
                candidates.add(new Candidate(spec.name(), j + 1, params,
                        value, logChild(experimentId, parentRunId, childTags, spec.name(), j + 1, params, metric, value, j == tuned.bestIndex())));
            }
            double validation = evaluator.evaluate(tuned.best().transform(data.validation()));
            results.add(new AlgorithmResult(spec, candidates, tuned.bestIndex(), tuned.best(), validation));
            progress.step(String.format(Locale.ROOT, "%s: best candidate #%d (%s) tuning %s %.4f, validation %s %.4f", spec.name(),
                    tuned.bestIndex() + 1, tuned.winner().params(), metric, tuned.winner().validationMetric(), metric, validation));
            if (better(validation, results.get(winner).validationMetric(), evaluator.isLargerBetter())) {
                winner = i;
            }
        }
        return new Outcome(metric, TrainSettings.largerIsBetter(metric), results, winner);
    }

    private static boolean better(double value, double than, boolean largerIsBetter) {
        return largerIsBetter ? value > than : value < than;
    }

    private String logChild(String experimentId, String parentRunId, Map<String, String> childTags, String algorithm, int index,
            Map<String, String> params, String metric, double value, boolean best) {
        Map<String, String> tags = new LinkedHashMap<>(childTags);
        tags.put(PARENT_RUN_TAG, parentRunId);
        tags.put("mlflow.runName", algorithm + "-" + index);
        tags.put("mlcycle.algorithm", algorithm);
        tags.put("mlcycle.candidate", String.valueOf(index));
        tags.put("mlcycle.candidate.best", String.valueOf(best));
        return tracker.inRun(experimentId, algorithm + "-" + index, tags, runId -> {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("algorithm", algorithm);
            all.putAll(params);
            tracker.logParams(runId, all);
            tracker.logMetrics(runId, Map.of(validationMetricName(metric), value));
            return runId;
        });
    }

    /** MLflow name of a validation metric: {@code validation_auc_roc}. */
    public static String validationMetricName(String metric) {
        return "validation_" + metric.replace('-', '_');
    }
}
