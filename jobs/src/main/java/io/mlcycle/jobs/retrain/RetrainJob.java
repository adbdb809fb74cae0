package io.mlcycle.jobs.retrain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.config.TrainSettings.AlgorithmSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.common.features.FeaturePipelines;
import io.mlcycle.common.io.ExperimentTracker;
import io.mlcycle.common.io.ModelFiles;
import io.mlcycle.common.io.ModelRegistry;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.BuildInfo;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.evaluate.EvaluationInput;
import io.mlcycle.jobs.evaluate.ModelEvaluation;
import io.mlcycle.jobs.evaluate.TestMetrics;
import io.mlcycle.jobs.evaluate.gate.Gate;
import io.mlcycle.jobs.evaluate.gate.GateResult;
import io.mlcycle.jobs.train.Algorithms;
import io.mlcycle.jobs.train.Classifiers;
import io.mlcycle.jobs.train.ModelPublisher;
import io.mlcycle.jobs.train.RunTags;
import io.mlcycle.jobs.train.TrainingData;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.model.InputExample;
import io.mlcycle.platform.model.ModelCache;
import io.mlcycle.platform.model.ModelSignature;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Retrains on recent labeled events and promotes the challenger when it beats the champion, for the dataset's task
 * (binary, multiclass or regression).
 *
 * <p>Recent data: the events the scorer saw since the first drift alert raised against the current champion (all
 * scored events when there is none), joined with their delayed labels (the labels topic). The latest share of them (by
 * event time) is held out; the rest trains each configured algorithm of the task at the first point of its grid
 * (preprocessing refitted), and the best by the task's selection metric on a validation slice becomes the challenger.
 * Challenger and champion are evaluated on the same held-out events with the train job's test metrics
 * ({@link ModelEvaluation#testMetrics}), and the gate (its metric bounds, and an improvement in the selection metric of
 * at least mlcycle.retrain.min-improvement in the metric's direction: for rmse smaller is better) decides whether the
 * challenger gets the champion alias. Either way it is registered, with the comparison as tags, and gets the alias
 * {@value #CHALLENGER_ALIAS}.
 *
 * <p>A multiclass challenger indexes the classes as the champion does (the values of the champion's last stage, which
 * maps class indexes back to values), so both are scored against the same label indexes; an event labeled with a class
 * the champion does not know is left out.
 */
public final class RetrainJob implements Job {
    public static final String CHALLENGER_ALIAS = "challenger";
    private static final double VALIDATION_SHARE = 0.2;

    private final SparkSession spark;
    private final RetrainJobConfig config;
    private final ExperimentTracker tracker;
    private final ModelRegistry registry;
    private final ModelFiles modelFiles;
    private final ModelPublisher publisher;
    private final Supplier<Dataset<Row>> labelRecords;
    private final Progress progress = new Progress("retrain");

    /** Reads the labels from the labels topic (mlcycle.kafka.topics.labels), from its earliest to its latest offsets. */
    public RetrainJob(SparkSession spark, RetrainJobConfig config, ExperimentTracker tracker, ModelRegistry registry,
            ModelFiles modelFiles, ModelPublisher publisher) {
        this(spark, config, tracker, registry, modelFiles, publisher, () -> kafkaRecords(spark, config.kafka()));
    }

    /** @param labelRecords the label records, shaped as Kafka's source gives them ({@code value}, {@code partition}, {@code offset}) */
    public RetrainJob(SparkSession spark, RetrainJobConfig config, ExperimentTracker tracker, ModelRegistry registry,
            ModelFiles modelFiles, ModelPublisher publisher, Supplier<Dataset<Row>> labelRecords) {
        this.spark = spark;
        this.config = config;
        this.tracker = tracker;
        this.registry = registry;
        this.modelFiles = modelFiles;
        this.publisher = publisher;
        this.labelRecords = labelRecords;
    }

    /** The challenger: the candidate it was fitted as, the fitted pipeline, and its selection metric on the validation rows. */
    private record Challenger(Classifiers.Candidate candidate, PipelineModel model, double validationMetric) {}

    @Override
    public void run() {
        TaskType task = config.dataset().task();
        String modelName = config.mlflow().registeredModel();
        ModelVersion champion = registry.versionByAlias(modelName, config.mlflow().championAlias())
                .orElseThrow(() -> new IllegalStateException("Cannot retrain " + modelName + ": it has no '" + config.mlflow().championAlias()
                        + "' alias to compare against. Run the train job first (./mlcycle train)."));
        PipelineModel championModel = loadChampion(champion);
        Optional<List<String>> classes = task == TaskType.MULTICLASS ? Optional.of(classes(championModel, champion)) : Optional.empty();
        String predictionsTable = config.lake().predictionsTable();
        long predictionsVersion = DeltaTables.latestVersion(spark, predictionsTable);
        Dataset<Row> recent = recentEvents(DeltaTables.read(spark, predictionsTable, predictionsVersion), champion);
        Dataset<Row> joined = LabeledEvents.join(recent, LabeledEvents.labels(labelRecords.get(), config.dataset()), config.dataset());
        Dataset<Row> labeled = withLabel(joined, classes).cache();
        long rows = labeled.count();
        if (rows < config.retrain().minLabeledEvents()) {
            progress.step("only " + rows + " labeled recent events (need " + config.retrain().minLabeledEvents()
                    + ", mlcycle.retrain.min-labeled-events); nothing retrained");
            labeled.unpersist();
            return;
        }
        TimeSplit outer = TimeSplit.of(labeled, config.dataset().timeColumn(), config.retrain().holdoutFraction());
        Dataset<Row> holdout = outer.latest().cache();
        TimeSplit inner = TimeSplit.of(outer.earlier(), config.dataset().timeColumn(), VALIDATION_SHARE);
        Dataset<Row> fit = inner.earlier().cache();
        Dataset<Row> validation = inner.latest().cache();
        progress.step("retraining a " + taskName(task) + " model on " + rows + " labeled recent events: " + fit.count() + " fit, "
                + validation.count() + " validation, " + holdout.count() + " held out to compare with the champion (version "
                + champion.version() + ")");
        try {
            String metric = config.train().selectionMetricFor(task);
            Challenger challenger = bestCandidate(fit, validation, metric, classes);
            Map<String, Double> challengerOnHoldout = ModelEvaluation.testMetrics(input(challenger.model(), holdout));
            Map<String, Double> championOnHoldout = ModelEvaluation.testMetrics(input(championModel, holdout));
            GateResult gate = gate(metric, challengerOnHoldout, championOnHoldout);
            progress.step(gate.summary());
            publish(champion, challenger, metric, challengerOnHoldout, championOnHoldout, gate, fit, predictionsTable, predictionsVersion);
        } finally {
            labeled.unpersist();
            holdout.unpersist();
            fit.unpersist();
            validation.unpersist();
        }
    }

    private void publish(ModelVersion champion, Challenger challenger, String metric, Map<String, Double> onHoldout,
            Map<String, Double> championOnHoldout, GateResult gate, Dataset<Row> fit, String predictionsTable, long predictionsVersion) {
        String modelName = config.mlflow().registeredModel();
        String key = TestMetrics.key(config.dataset().task(), metric);
        boolean promote = gate.passed();
        Logged logged = log(challenger, metric, onHoldout, championOnHoldout, gate, fit, predictionsTable, predictionsVersion);
        Map<String, String> versionTags = new LinkedHashMap<>(gate.tags());
        versionTags.putAll(Map.of(
                "mlcycle.stage", "retrain",
                "mlcycle.algorithm", challenger.candidate().name(),
                "mlcycle.compared.champion.version", champion.version(),
                "mlcycle.holdout." + metric, String.valueOf(onHoldout.get(key)),
                "mlcycle.champion.holdout." + metric, String.valueOf(championOnHoldout.get(key)),
                "mlcycle.promoted", String.valueOf(promote)));
        List<String> aliases = promote ? List.of(CHALLENGER_ALIAS, config.mlflow().championAlias()) : List.of(CHALLENGER_ALIAS);
        ModelVersion registered = publisher.register(modelName, logged.runId(), logged.modelUri(), versionTags, aliases);
        String comparison = String.format(Locale.ROOT, "%s on %d held-out events (%s is better): challenger %.4f vs champion %.4f", metric,
                onHoldout.get(TestMetrics.PREFIX + "rows").longValue(), TrainSettings.largerIsBetter(metric) ? "larger" : "smaller",
                onHoldout.get(key), championOnHoldout.get(key));
        if (promote) {
            progress.step("promoted version " + registered.version() + " to '" + config.mlflow().championAlias() + "' (" + comparison + ")");
        } else {
            progress.step("kept champion version " + champion.version() + "; version " + registered.version() + " is '" + CHALLENGER_ALIAS
                    + "' (" + comparison + "; " + gate.failures().size() + " gate check(s) failed: " + gate.tags().get(GateResult.FAILURES_TAG) + ")");
        }
    }

    /**
     * The promotion gate on the held-out recent events: the configured metric bounds (mlcycle.gate) and an improvement over
     * the champion on the same events of at least mlcycle.retrain.min-improvement in the selection metric. Fairness across
     * groups is not re-measured here.
     */
    private GateResult gate(String metric, Map<String, Double> challengerMetrics, Map<String, Double> championMetrics) {
        GateSettings settings = new GateSettings(config.gate().metricBounds(), Map.of(), 0.0, config.retrain().minImprovement());
        return new Gate(settings, config.dataset().task(), metric).check(challengerMetrics, List.of(), Optional.of(championMetrics));
    }

    /** The double label: the binary 0/1 or the regression target as it is, the multiclass value's index among the champion's classes. */
    private Dataset<Row> withLabel(Dataset<Row> joined, Optional<List<String>> classes) {
        if (classes.isEmpty()) {
            return FeatureFrames.withLabel(joined, config.dataset());
        }
        Dataset<Row> indexed = TrainingData.withClassIndex(joined, config.dataset().labelColumn(), classes.get());
        return indexed.filter(col(FeatureFrames.LABEL_COLUMN).geq(lit(0.0)));
    }

    /** The class values of a multiclass champion: the labels of its last stage, which maps class indexes back to values. */
    private static List<String> classes(PipelineModel model, ModelVersion version) {
        Transformer last = model.stages()[model.stages().length - 1];
        if (!(last instanceof IndexToString labels)) {
            throw new IllegalStateException("Cannot retrain a multiclass model against champion version " + version.version() + " of "
                    + version.name() + ": its last stage is " + last.getClass().getSimpleName() + ", not the IndexToString that the train job"
                    + " puts last to map class indexes back to values. Train a champion with this mlcycle (./mlcycle train) first.");
        }
        return Arrays.asList(labels.getLabels());
    }

    /** Events scored since the first drift alert raised against the champion; all events when there is none. */
    private Dataset<Row> recentEvents(Dataset<Row> predictions, ModelVersion champion) {
        String alerts = config.lake().alertsTable();
        if (!DeltaTables.exists(spark, alerts)) {
            return predictions;
        }
        Row first = spark.read().format("delta").load(alerts)
                .filter(col("model_version").cast(DataTypes.StringType).equalTo(lit(champion.version())))
                .agg(min(col("window_start"))).head();
        if (first.isNullAt(0)) {
            return predictions;
        }
        Timestamp since = first.getTimestamp(0);
        progress.step("using events since the first drift alert against version " + champion.version() + " (window starting " + since + ")");
        return predictions.filter(col(config.dataset().timeColumn()).geq(lit(since)));
    }

    private static Dataset<Row> kafkaRecords(SparkSession spark, KafkaSettings kafka) {
        return spark.read().format("kafka")
                .option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("subscribe", kafka.topics().labels())
                .option("startingOffsets", "earliest")
                .option("endingOffsets", "latest")
                .option("failOnDataLoss", "false")
                .load();
    }

    /** Rows split at one event-time cutoff: the latest {@code share} of them, and the earlier rest. */
    private record TimeSplit(Dataset<Row> earlier, Dataset<Row> latest) {
        static TimeSplit of(Dataset<Row> rows, String timeColumn, double share) {
            org.apache.spark.sql.Column seconds = col(timeColumn).cast(DataTypes.DoubleType);
            double cutoff = rows.select(seconds.as(timeColumn)).stat().approxQuantile(timeColumn, new double[] {1 - share}, 0.0001)[0];
            return new TimeSplit(rows.filter(seconds.leq(lit(cutoff))), rows.filter(seconds.gt(lit(cutoff))));
        }
    }

    /** Fits every configured algorithm of the task and keeps the best by {@code metric} on the validation rows. */
    private Challenger bestCandidate(Dataset<Row> fit, Dataset<Row> validation, String metric, Optional<List<String>> classes) {
        TaskType task = config.dataset().task();
        String key = TestMetrics.key(task, metric);
        Challenger best = null;
        for (int i = 0; i < config.train().algorithms().size(); i++) {
            AlgorithmSpec spec = config.train().algorithms().get(i);
            if (task == TaskType.BINARY && !Algorithms.probabilistic(spec.algorithm())) {
                progress.step(spec.name() + " skipped: the retrain decides by the probability threshold mlcycle.train.threshold.fixed, and it gives no probability");
                continue;
            }
            Classifiers.Candidate candidate = Classifiers.candidate(spec, i, task, config.train().seed(), config.train().weightColumn());
            PipelineModel model = fitted(candidate, fit, classes);
            double value = ModelEvaluation.testMetrics(input(model, validation)).get(key);
            progress.step(String.format(Locale.ROOT, "%s on validation: %s %.4f", candidate.name(), metric, value));
            if (best == null || (TrainSettings.largerIsBetter(metric) ? value > best.validationMetric() : value < best.validationMetric())) {
                best = new Challenger(candidate, model, value);
            }
        }
        if (best == null) {
            throw new IllegalStateException("Cannot retrain: none of mlcycle.train.algorithms " + config.train().algorithms().stream()
                    .map(AlgorithmSpec::name).toList() + " can be retrained for this task. Add a probabilistic one (e.g. logistic-regression).");
        }
        return best;
    }

    /**
     * The candidate behind freshly fitted preprocessing; a binary one predicts positive above mlcycle.train.threshold.fixed,
     * a multiclass one ends in the stage that maps class indexes back to the champion's class values (as the train job's).
     */
    private PipelineModel fitted(Classifiers.Candidate candidate, Dataset<Row> fit, Optional<List<String>> classes) {
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {FeaturePipelines.preprocessing(config.dataset()), candidate.estimator()})
                .fit(fit);
        if (config.dataset().task() == TaskType.BINARY) {
            return Algorithms.withThreshold(model, config.train().decisionThreshold());
        }
        if (classes.isPresent()) {
            return new Pipeline().setStages(new PipelineStage[] {model, TrainingData.labelStage(classes.get())}).fit(fit);
        }
        return model;
    }

    private EvaluationInput input(PipelineModel model, Dataset<Row> rows) {
        return config.dataset().task() == TaskType.BINARY
                ? EvaluationInput.binary(model, rows, config.dataset(), Algorithms.decision(model), config.evaluation(), config.train().seed())
                : EvaluationInput.of(model, rows, config.dataset(), config.evaluation(), config.train().seed());
    }

    private PipelineModel loadChampion(ModelVersion champion) {
        Path dir = new ModelCache(modelFiles, config.scorer().modelCacheDir()).localCopy(champion);
        return PipelineModel.load(dir.resolve(ModelCache.PIPELINE_DIR).toString());
    }

    private record Logged(String runId, String modelUri) {}

    /** One MLflow run: the candidate's params, its held-out metrics (test_*), the champion's (champion_test_*), the model. */
    private Logged log(Challenger challenger, String metric, Map<String, Double> onHoldout, Map<String, Double> championOnHoldout,
            GateResult gate, Dataset<Row> fit, String predictionsTable, long predictionsVersion) {
        Map<String, String> params = new LinkedHashMap<>(challenger.candidate().params());
        params.put("task", taskName(config.dataset().task()));
        params.put("fit_rows", String.valueOf(fit.count()));
        params.put("holdout_rows", String.valueOf(onHoldout.get(TestMetrics.PREFIX + "rows").longValue()));
        params.put("min_improvement", String.valueOf(config.retrain().minImprovement()));
        params.put("selection_metric", metric);
        params.put("seed", String.valueOf(config.train().seed()));
        Map<String, Double> metrics = new LinkedHashMap<>(onHoldout);
        championOnHoldout.forEach((name, value) -> metrics.put("champion_" + name, value));
        metrics.put("validation_" + metric.replace('-', '_'), challenger.validationMetric());
        metrics.put("promoted", gate.passed() ? 1.0 : 0.0);
        List<String> numeric = config.dataset().featureSpec().numericInputs();
        List<String> categorical = config.dataset().featureSpec().categoricalInputs();
        ReferenceProfile reference = ReferenceProfile.fit(fit, numeric, categorical, config.monitor().bins());
        Map<String, String> tags = new LinkedHashMap<>(RunTags.of("retrain", "retrain-" + challenger.candidate().name(), config.dataset(),
                new Lineage.TableVersion(predictionsTable, predictionsVersion), BuildInfo.current()));
        tags.putAll(gate.tags());
        List<String> inputs = config.dataset().featureSpec().pipelineInputColumns();
        String experimentId = tracker.experimentId(config.mlflow().experiment());
        return tracker.inRun(experimentId, tags.get("mlflow.runName"), tags, runId -> {
            tracker.logParams(runId, params);
            tracker.logMetrics(runId, metrics);
            String modelUri = publisher.logModel(runId, challenger.model(), reference, ModelSignature.of(fit.schema(), inputs),
                    InputExample.of(fit, inputs, 5));
            return new Logged(runId, modelUri);
        });
    }

    private static String taskName(TaskType task) {
        return task.name().toLowerCase(Locale.ROOT);
    }
}
