package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.DatasetInput;
import io.mlcycle.common.io.ExperimentTracker;
import io.mlcycle.common.io.LocalFiles;
import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.BuildInfo;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.evaluate.BinaryDecision;
import io.mlcycle.jobs.evaluate.BinaryMetrics;
import io.mlcycle.jobs.evaluate.ChosenThreshold;
import io.mlcycle.jobs.evaluate.EvaluationInput;
import io.mlcycle.jobs.evaluate.EvaluationResult;
import io.mlcycle.jobs.evaluate.ModelEvaluation;
import io.mlcycle.jobs.evaluate.ScoredColumns;
import io.mlcycle.jobs.evaluate.ThresholdRule;
import io.mlcycle.jobs.evaluate.gate.Gate;
import io.mlcycle.jobs.evaluate.gate.GateResult;
import io.mlcycle.jobs.features.FeatureSplits;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.ProfileTable;
import io.mlcycle.jobs.report.CandidateComparison;
import io.mlcycle.jobs.report.CandidateScore;
import io.mlcycle.jobs.report.FeatureImportance;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.model.InputExample;
import io.mlcycle.platform.model.ModelCache;
import io.mlcycle.platform.model.ModelSignature;
import io.mlcycle.platform.tracking.DeltaInputs;
import io.mlcycle.platform.tracking.ResolvedConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a model on one version of the feature table and registers it.
 *
 * <p>One MLflow run (the parent) holds the whole search: every configured algorithm's hyperparameter grid is tuned on
 * the fit rows ({@link CandidateSearch}; each grid point a child run), the algorithms' tuned winners are compared on
 * the validation rows, the winner's decision threshold (binary) is chosen on the validation rows by the configured rule
 * and stored in the model, and only then is the model evaluated on the test split. The parent run records the data
 * versions, the config, the candidates' comparison, the test metrics and the model in the spark flavor. The model is
 * registered as a new version; it gets the champion alias when its gate passes.
 */
public final class TrainJob implements Job {
    /** Artifact folder of the resolved config a run trained with (secrets redacted); {@code --reproduce} reads it. */
    public static final String CONFIG_ARTIFACT = "config";
    /** Artifact folder of the evaluation charts and the HTML report. */
    public static final String EVALUATION_ARTIFACT = "evaluation";
    private final SparkSession spark;
    private final TrainJobConfig config;
    private final ExperimentTracker tracker;
    private final ModelPublisher publisher;
    private final ModelFiles modelFiles;
    private final Options options;
    private final Progress progress = new Progress("train");

    /**
     * @param dataVersion the feature table version to train on; empty = the latest
     * @param reproduces the run this one reproduces: nothing is registered, the run is tagged with it
     */
    public record Options(OptionalLong dataVersion, Optional<String> reproduces) {
        public Options {
            requireNonNull(dataVersion, "dataVersion is null");
            requireNonNull(reproduces, "reproduces is null");
        }

        public static Options latest() {
            return new Options(OptionalLong.empty(), Optional.empty());
        }
    }

    /** What one run produced: its id, the model's URI, its test metrics, and the registered version (when registered). */
    public record Result(String runId, String modelUri, Map<String, Double> metrics, Optional<ModelVersion> registered) {
        public Result {
            metrics = Map.copyOf(metrics);
        }
    }

    /** @param modelFiles downloads the current champion, which the gate scores on the same test rows */
    public TrainJob(SparkSession spark, TrainJobConfig config, ExperimentTracker tracker, ModelPublisher publisher, ModelFiles modelFiles) {
        this(spark, config, tracker, publisher, modelFiles, Options.latest());
    }

    public TrainJob(SparkSession spark, TrainJobConfig config, ExperimentTracker tracker, ModelPublisher publisher, ModelFiles modelFiles,
            Options options) {
        this.modelFiles = requireNonNull(modelFiles, "modelFiles is null");
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.tracker = requireNonNull(tracker, "tracker is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.options = requireNonNull(options, "options is null");
    }

    @Override
    public void run() {
        train();
    }

    public Result train() {
        TrainSettings settings = config.train();
        TaskType task = config.dataset().task();
        String table = config.lake().featuresTable();
        long version = options.dataVersion().orElseGet(() -> DeltaTables.latestVersion(spark, table));
        TrainingData data = TrainingData.load(spark, table, version, config.dataset(), settings.validationFraction(), settings.weightColumn(),
                settings.seed());
        try {
            PipelineModel preprocessing = PipelineModel.load(FeaturesJob.preprocessingPath(table, version));
            progress.step(String.format(Locale.ROOT, "training a %s model on %s version %d: %d fit rows, %d validation rows, %d test rows",
                    task.name().toLowerCase(Locale.ROOT), table, version, data.fit().count(), data.validation().count(), data.test().count()));
            ResolvedConfig resolved = ResolvedConfig.of(config.source());
            Map<String, String> tags = RunTags.of("train", options.reproduces().isPresent() ? "reproduce" : "train", config.dataset(),
                    new Lineage.TableVersion(table, version), BuildInfo.current(), resolved, settings.seed());
            Map<String, String> runTags = new LinkedHashMap<>(tags);
            options.reproduces().ifPresent(original -> runTags.put("mlcycle.reproduces", original));
            String experimentId = tracker.experimentId(config.mlflow().experiment());
            Trained trained = tracker.inRun(experimentId, runTags.get("mlflow.runName"), runTags,
                    runId -> trainInRun(runId, experimentId, tags, data, preprocessing, task, resolved));
            Optional<ModelVersion> registered = options.reproduces().isPresent() ? Optional.empty() : Optional.of(register(trained));
            return new Result(trained.runId(), trained.modelUri(), trained.metrics(), registered);
        } finally {
            data.release();
        }
    }

    private record Trained(long dataVersion, String runId, String modelUri, String algorithm, Map<String, Double> metrics, boolean gatePassed,
            Map<String, String> gateTags) {}

    private Trained trainInRun(String runId, String experimentId, Map<String, String> childTags, TrainingData data, PipelineModel preprocessing,
            TaskType task, ResolvedConfig resolved) {
        TrainSettings settings = config.train();
        tracker.logParams(runId, params(data, task));
        String split = FeatureSplits.SPLIT_COLUMN + " = '";
        tracker.logInputs(runId, List.of(
                DeltaInputs.of(spark, data.table(), data.version(), DatasetInput.Context.TRAINING, split + FeatureSplits.TRAIN + "'"),
                DeltaInputs.of(spark, data.table(), data.version(), DatasetInput.Context.TESTING, split + FeatureSplits.TEST + "'")));
        java.nio.file.Path scratch = publisher.scratchDir(runId);
        resolved.writeTo(scratch.resolve(CONFIG_ARTIFACT));
        tracker.uploadArtifacts(runId, scratch.resolve(CONFIG_ARTIFACT), CONFIG_ARTIFACT);
        CandidateSearch.Outcome search = new CandidateSearch(tracker, progress).run(data, preprocessing, settings, task, experimentId, runId, childTags);
        CandidateSearch.AlgorithmResult winner = search.winner();
        progress.step(String.format(Locale.ROOT, "chosen: %s (validation %s %.4f) out of %d candidates of %d algorithm(s)", winner.spec().name(),
                search.metric(), winner.validationMetric(), search.candidates().size(), search.algorithms().size()));

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(CandidateSearch.validationMetricName(search.metric()), winner.validationMetric());
        PipelineModel model = winner.model();
        Optional<BinaryDecision> decision = Optional.empty();
        if (task == TaskType.BINARY) {
            boolean probabilistic = Algorithms.probabilistic(winner.spec().algorithm());
            double threshold = chooseThreshold(model, data, probabilistic);
            model = Algorithms.withThreshold(model, threshold);
            decision = Optional.of(probabilistic ? BinaryDecision.probability(threshold) : BinaryDecision.margin(threshold));
            metrics.put("threshold", threshold);
            progress.step(String.format(Locale.ROOT, "decision threshold %.6f on the %s (%s on the validation rows)", threshold,
                    probabilistic ? "probability" : "margin", ConfigReader.kebab(settings.threshold().rule())));
        }
        List<FeatureImportance> importances = importances(model, data);
        if (data.labelStage().isPresent()) {
            model = new Pipeline().setStages(new PipelineStage[] {model, data.labelStage().get()}).fit(data.validation());
        }
        EvaluationInput input = decision.isPresent()
                ? EvaluationInput.binary(model, data.test(), config.dataset(), decision.get(), config.evaluation(), settings.seed())
                : EvaluationInput.of(model, data.test(), config.dataset(), config.evaluation(), settings.seed());
        EvaluationResult evaluation = ModelEvaluation.evaluate(input.withFeatureImportances(importances));
        Map<String, Double> test = evaluation.metrics();
        progress.step(describe(task, test));
        Optional<Map<String, Double>> champion = championMetrics(data.test(), task);
        GateResult gate = new Gate(config.gate(), task, search.metric()).check(test, evaluation.fairness(), champion);
        progress.step(gate.summary());
        metrics.putAll(test);
        champion.ifPresent(values -> values.forEach((name, value) -> metrics.put("champion_" + name, value)));
        tracker.logMetrics(runId, metrics);

        Map<String, String> winnerParams = new LinkedHashMap<>();
        winnerParams.put("algorithm", winner.spec().name());
        winnerParams.put("candidate", String.valueOf(winner.winner().index()));
        winner.winner().params().forEach((name, value) -> winnerParams.put("model." + name, value));
        tracker.logParams(runId, winnerParams);

        java.nio.file.Path candidates = scratch.resolve("candidates");
        java.nio.file.Path report = scratch.resolve(EVALUATION_ARTIFACT);
        try {
            java.nio.file.Files.createDirectories(candidates);
            java.nio.file.Files.writeString(candidates.resolve("candidates.csv"), CandidateTable.csv(search), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot write the candidates table under " + scratch + ": " + e.getMessage(), e);
        }
        evaluation.writeArtifacts(report, gate, reportInfo(runId, data, winner, search), Optional.of(comparison(search)));
        tracker.uploadArtifacts(runId, candidates, "candidates");
        tracker.uploadArtifacts(runId, report, EVALUATION_ARTIFACT);
        List<String> inputs = config.dataset().featureSpec().pipelineInputColumns();
        String modelUri = publisher.logModel(runId, model, reference(data), ModelSignature.of(data.fit().schema(), inputs),
                InputExample.of(data.validation(), inputs, 5));
        Map<String, String> runTags = new LinkedHashMap<>(gate.tags());
        runTags.put("mlcycle.algorithm", winner.spec().name());
        tracker.setTags(runId, runTags);
        LocalFiles.deleteRecursively(scratch);
        return new Trained(data.version(), runId, modelUri, winner.spec().name(), test, gate.passed(), gate.tags());
    }

    /** Feature importances of the chosen model where it has them; none (with a note) where they cannot be read. */
    private List<FeatureImportance> importances(PipelineModel model, TrainingData data) {
        try {
            return Algorithms.importances(model, model.transform(data.validation()).schema());
        } catch (IllegalArgumentException e) {
            progress.step("no feature importances: " + e.getMessage());
            return List.of();
        }
    }

    /**
     * The current champion's test metrics on the same test rows, for the gate's improvement check; empty when there is no
     * champion, or it cannot score these rows (then the check is skipped, and the reason printed).
     */
    private Optional<Map<String, Double>> championMetrics(Dataset<Row> test, TaskType task) {
        Optional<ModelVersion> champion = publisher.versionByAlias(config.mlflow().registeredModel(), config.mlflow().championAlias());
        if (champion.isEmpty()) {
            progress.step("no champion yet: the gate's improvement check is skipped");
            return Optional.empty();
        }
        try {
            java.nio.file.Path dir = new ModelCache(modelFiles, config.scorer().modelCacheDir()).localCopy(champion.get());
            PipelineModel model = PipelineModel.load(dir.resolve(ModelCache.PIPELINE_DIR).toString());
            EvaluationInput input = task == TaskType.BINARY
                    ? EvaluationInput.binary(model, test, config.dataset(), Algorithms.decision(model), config.evaluation(), config.train().seed())
                    : EvaluationInput.of(model, test, config.dataset(), config.evaluation(), config.train().seed());
            Map<String, Double> metrics = ModelEvaluation.testMetrics(input);
            progress.step("champion version " + champion.get().version() + " on the same test rows: " + describe(task, metrics));
            return Optional.of(metrics);
        } catch (RuntimeException e) {
            progress.step("the champion (version " + champion.get().version() + ") cannot score these test rows, so the improvement check is"
                    + " skipped: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static CandidateComparison comparison(CandidateSearch.Outcome search) {
        List<CandidateScore> scores = new ArrayList<>();
        int winner = 0;
        for (CandidateSearch.AlgorithmResult result : search.algorithms()) {
            for (CandidateSearch.Candidate candidate : result.candidates()) {
                if (result == search.winner() && candidate == result.winner()) {
                    winner = scores.size();
                }
                scores.add(new CandidateScore(candidate.algorithm(), candidate.index(), candidate.params(), candidate.tuningMetric()));
            }
        }
        return new CandidateComparison(search.metric(), scores, winner);
    }

    private Map<String, String> reportInfo(String runId, TrainingData data, CandidateSearch.AlgorithmResult winner, CandidateSearch.Outcome search) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Run", runId);
        info.put("Dataset", config.dataset().name() + " (" + config.dataset().task().name().toLowerCase(Locale.ROOT) + ")");
        info.put("Data", data.table() + " version " + data.version());
        info.put("Model", winner.spec().name() + " candidate #" + winner.winner().index());
        info.put("Selection", String.format(Locale.ROOT, "validation %s %.4f (%d candidates)", search.metric(), winner.validationMetric(),
                search.candidates().size()));
        return info;
    }

    /** Binary: the threshold above which the model predicts positive, chosen on the validation rows. */
    private double chooseThreshold(PipelineModel model, TrainingData data, boolean probabilistic) {
        ScoredColumns columns = probabilistic ? ScoredColumns.defaults() : new ScoredColumns("label", "prediction", Algorithms.RAW_PREDICTION_COLUMN);
        TrainSettings.ThresholdSettings threshold = config.train().threshold();
        if (threshold.rule() == TrainSettings.ThresholdRule.FIXED) {
            // a margin model's fixed threshold: MLlib's own, 0 (the probability threshold of the config means nothing there)
            return probabilistic ? threshold.fixed() : 0.0;
        }
        ThresholdRule rule = new ThresholdRule(ThresholdRule.Criterion.valueOf(threshold.rule().name()), threshold.falsePositiveCost(),
                threshold.falseNegativeCost(), threshold.fixed());
        ChosenThreshold chosen = BinaryMetrics.chooseThreshold(model.transform(data.validation()), columns, rule);
        // BinaryMetrics counts a score at or above its threshold as positive, the model one above: the next lower double.
        double above = Math.nextDown(chosen.threshold());
        return probabilistic ? Math.max(0.0, Math.min(1.0, above)) : above;
    }

    private ModelVersion register(Trained trained) {
        String modelName = config.mlflow().registeredModel();
        Map<String, String> versionTags = new LinkedHashMap<>();
        versionTags.put("mlcycle.stage", "train");
        versionTags.put("mlcycle.algorithm", trained.algorithm());
        versionTags.put("mlcycle.data", config.lake().featuresTable() + "@" + trained.dataVersion());
        versionTags.putAll(trained.gateTags());
        List<String> aliases = new ArrayList<>();
        if (trained.gatePassed()) {
            aliases.add(config.mlflow().championAlias());
        }
        ModelVersion registered = publisher.register(config.mlflow().registeredModel(), trained.runId(), trained.modelUri(), versionTags, aliases);
        tracker.setTags(trained.runId(), Map.of("mlcycle.registered.version", registered.version()));
        progress.step("registered " + modelName + " version " + registered.version() + (trained.gatePassed()
                ? " and set alias '" + config.mlflow().championAlias() + "'" : "; the gate failed, so the champion stays where it was"));
        return registered;
    }

    /** The train split's stored profile is the drift reference; a table version without one is profiled here. */
    private ReferenceProfile reference(TrainingData data) {
        List<String> numeric = config.dataset().featureSpec().numericInputs();
        List<String> categorical = config.dataset().featureSpec().categoricalInputs();
        return ProfileTable.reference(spark, config.profileTable(), data.table(), data.version(), numeric, categorical, config.monitor().bins())
                .orElseGet(() -> ReferenceProfile.fit(data.fit(), numeric, categorical, config.monitor().bins()));
    }

    private Map<String, String> params(TrainingData data, TaskType task) {
        TrainSettings settings = config.train();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("task", task.name().toLowerCase(Locale.ROOT));
        params.put("data_table", data.table());
        params.put("data_version", String.valueOf(data.version()));
        params.put("fit_rows", String.valueOf(data.fit().count()));
        params.put("validation_rows", String.valueOf(data.validation().count()));
        params.put("test_rows", String.valueOf(data.test().count()));
        params.put("seed", String.valueOf(settings.seed()));
        params.put("selection_metric", settings.selectionMetricFor(task));
        params.put("algorithms", String.join(",", settings.algorithms().stream().map(TrainSettings.AlgorithmSpec::name).toList()));
        params.put("tuning_method", ConfigReader.kebab(settings.tuning().method()));
        params.put("tuning_folds", String.valueOf(settings.tuning().folds()));
        params.put("tuning_train_ratio", String.valueOf(settings.tuning().trainRatio()));
        params.put("tuning_parallelism", String.valueOf(settings.tuning().parallelism()));
        params.put("validation_fraction", String.valueOf(settings.validationFraction()));
        params.put("weight_column", settings.weightColumn());
        params.put("threshold_rule", ConfigReader.kebab(settings.threshold().rule()));
        params.put("numeric_features", String.join(",", config.dataset().numericFeatures()));
        params.put("categorical_features", String.join(",", config.dataset().categoricalFeatures()));
        params.put("drift_bins", String.valueOf(config.monitor().bins()));
        params.put("spark_master", spark.sparkContext().master());
        params.put("spark_default_parallelism", String.valueOf(spark.sparkContext().defaultParallelism()));
        params.put("spark_sql_shuffle_partitions", spark.conf().get("spark.sql.shuffle.partitions"));
        data.classes().ifPresent(classes -> params.put("classes", String.join(",", classes)));
        return params;
    }

    static String describe(TaskType task, Map<String, Double> test) {
        List<String> names = switch (task) {
            case BINARY -> List.of("test_auc_roc", "test_auc_pr", "test_f1", "test_precision", "test_recall");
            case MULTICLASS -> List.of("test_accuracy", "test_f1_macro", "test_f1_weighted");
            case REGRESSION -> List.of("test_rmse", "test_mae", "test_r2");
        };
        StringBuilder text = new StringBuilder("test:");
        for (String name : names) {
            if (test.containsKey(name)) {
                text.append(String.format(Locale.ROOT, " %s %.4f", name.substring("test_".length()), test.get(name)));
            }
        }
        return text.toString();
    }
}
