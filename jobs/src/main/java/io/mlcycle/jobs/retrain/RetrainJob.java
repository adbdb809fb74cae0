package io.mlcycle.jobs.retrain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.config.TrainSettings.SelectionMetric;
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
import io.mlcycle.jobs.evaluate.gate.Gate;
import io.mlcycle.jobs.evaluate.gate.GateResult;
import io.mlcycle.jobs.train.Algorithms;
import io.mlcycle.jobs.train.ClassificationMetrics;
import io.mlcycle.jobs.train.Classifiers;
import io.mlcycle.jobs.train.ModelPublisher;
import io.mlcycle.jobs.train.ModelTraining;
import io.mlcycle.jobs.train.RunTags;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.model.ModelCache;
import io.mlcycle.platform.model.ModelSignature;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Retrains on recent labeled events and promotes the challenger when it beats the champion.
 *
 * <p>Recent data: the events the scorer saw since the first drift alert raised against the current
 * champion (all scored events when there is none), joined with their delayed labels from Kafka. The latest
 * share of them (by event time) is held out; the rest trains each configured algorithm (preprocessing
 * refitted), the best on a validation slice becomes the challenger. Challenger and champion are scored on
 * the same held-out events; the challenger gets the champion alias when it is better by at least the
 * configured improvement. Either way it is registered, with the comparison as tags, and gets the alias
 * {@value #CHALLENGER_ALIAS}.
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
    private final Progress progress = new Progress("retrain");

    public RetrainJob(SparkSession spark, RetrainJobConfig config, ExperimentTracker tracker, ModelRegistry registry,
            ModelFiles modelFiles, ModelPublisher publisher) {
        this.spark = spark;
        this.config = config;
        this.tracker = tracker;
        this.registry = registry;
        this.modelFiles = modelFiles;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        String modelName = config.mlflow().registeredModel();
        ModelVersion champion = registry.versionByAlias(modelName, config.mlflow().championAlias())
                .orElseThrow(() -> new IllegalStateException("Cannot retrain " + modelName + ": it has no '" + config.mlflow().championAlias()
                        + "' alias to compare against. Run the train job first (./mlcycle train)."));
        String predictionsTable = config.lake().predictionsTable();
        long predictionsVersion = DeltaTables.latestVersion(spark, predictionsTable);
        Dataset<Row> recent = recentEvents(DeltaTables.read(spark, predictionsTable, predictionsVersion), champion);
        Dataset<Row> labeled = FeatureFrames.withLabel(LabeledEvents.join(recent, labels(), config.dataset()), config.dataset()).cache();
        long rows = labeled.count();
        if (rows < config.retrain().minLabeledEvents()) {
            progress.step("only " + rows + " labeled recent events (need " + config.retrain().minLabeledEvents()
                    + ", mlcycle.retrain.min-labeled-events); nothing retrained");
            labeled.unpersist();
            return;
        }
        TimeSplit outer = TimeSplit.of(labeled, config.dataset().timeColumn(), config.retrain().holdoutFraction());
        Dataset<Row> holdout = outer.latest();
        TimeSplit inner = TimeSplit.of(outer.earlier(), config.dataset().timeColumn(), VALIDATION_SHARE);
        Dataset<Row> fit = inner.earlier().cache();
        Dataset<Row> validation = inner.latest().cache();
        progress.step("retraining on " + rows + " labeled recent events: " + fit.count() + " fit, " + validation.count()
                + " validation, " + holdout.count() + " held out to compare with the champion (version " + champion.version() + ")");

        SelectionMetric metric = config.train().binarySelectionMetric();
        ModelTraining.TrainedModel challenger = bestCandidate(fit, validation, metric);
        ClassificationMetrics challengerOnHoldout = ClassificationMetrics.of(challenger.model().transform(holdout), config.train().decisionThreshold());
        ClassificationMetrics championOnHoldout = ClassificationMetrics.of(loadChampion(champion).transform(holdout), config.train().decisionThreshold());
        GateResult gate = gate(challenger.model(), loadChampion(champion), holdout);
        boolean promote = gate.passed();
        progress.step(gate.summary());

        ModelPublisher.LoggedModel logged = log(challenger, challengerOnHoldout, championOnHoldout, fit, predictionsTable, predictionsVersion, promote);
        Map<String, String> versionTags = new LinkedHashMap<>(gate.tags());
        versionTags.putAll(Map.of(
                "mlcycle.stage", "retrain",
                "mlcycle.algorithm", challenger.candidate().name(),
                "mlcycle.compared.champion.version", champion.version(),
                "mlcycle.holdout." + ConfigReader.kebab(metric), String.valueOf(challengerOnHoldout.value(metric)),
                "mlcycle.champion.holdout." + ConfigReader.kebab(metric), String.valueOf(championOnHoldout.value(metric)),
                "mlcycle.promoted", String.valueOf(promote)));
        tracker.setTags(logged.runId(), gate.tags());
        ModelVersion registered = publisher.register(modelName, logged, versionTags);
        registry.setAlias(modelName, CHALLENGER_ALIAS, registered.version());
        String comparison = String.format("%s on %d held-out events: challenger %.4f vs champion %.4f",
                ConfigReader.kebab(metric), challengerOnHoldout.rows(), challengerOnHoldout.value(metric), championOnHoldout.value(metric));
        if (promote) {
            publisher.promote(modelName, registered.version(), config.mlflow().championAlias());
            progress.step("promoted version " + registered.version() + " to '" + config.mlflow().championAlias() + "' (" + comparison + ")");
        } else {
            progress.step("kept champion version " + champion.version() + "; version " + registered.version() + " is '" + CHALLENGER_ALIAS
                    + "' (" + comparison + "; " + gate.failures().size() + " gate check(s) failed: " + gate.tags().get(GateResult.FAILURES_TAG) + ")");
        }
        labeled.unpersist();
        fit.unpersist();
        validation.unpersist();
    }

    /**
     * The promotion gate on the held-out recent events: the configured metric bounds (mlcycle.gate) and an improvement over
     * the champion on the same events of at least mlcycle.retrain.min-improvement in the selection metric. Fairness across
     * groups is not re-measured here.
     */
    private GateResult gate(PipelineModel challenger, PipelineModel championModel, Dataset<Row> holdout) {
        GateSettings settings = new GateSettings(config.gate().metricBounds(), Map.of(), 0.0, config.retrain().minImprovement());
        String metric = config.train().selectionMetricFor(TaskType.BINARY);
        Map<String, Double> challengerMetrics = ModelEvaluation.testMetrics(EvaluationInput.binary(challenger, holdout, config.dataset(),
                Algorithms.decision(challenger), config.evaluation(), config.train().seed()));
        Map<String, Double> championMetrics = ModelEvaluation.testMetrics(EvaluationInput.binary(championModel, holdout, config.dataset(),
                Algorithms.decision(championModel), config.evaluation(), config.train().seed()));
        return new Gate(settings, TaskType.BINARY, metric).check(challengerMetrics, List.of(), Optional.of(championMetrics));
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

    private Dataset<Row> labels() {
        Dataset<Row> records = spark.read().format("kafka")
                .option("kafka.bootstrap.servers", config.kafka().bootstrapServers())
                .option("subscribe", config.kafka().topics().labels())
                .option("startingOffsets", "earliest")
                .option("endingOffsets", "latest")
                .option("failOnDataLoss", "false")
                .load();
        return LabeledEvents.labels(records, config.dataset());
    }

    /** Rows split at one event-time cutoff: the latest {@code share} of them, and the earlier rest. */
    private record TimeSplit(Dataset<Row> earlier, Dataset<Row> latest) {
        static TimeSplit of(Dataset<Row> rows, String timeColumn, double share) {
            org.apache.spark.sql.Column seconds = col(timeColumn).cast(DataTypes.DoubleType);
            double cutoff = rows.select(seconds.as(timeColumn)).stat().approxQuantile(timeColumn, new double[] {1 - share}, 0.0001)[0];
            return new TimeSplit(rows.filter(seconds.leq(lit(cutoff))), rows.filter(seconds.gt(lit(cutoff))));
        }
    }

    private ModelTraining.TrainedModel bestCandidate(Dataset<Row> fit, Dataset<Row> validation, SelectionMetric metric) {
        List<ModelTraining.TrainedModel> trained = new ArrayList<>();
        for (int i = 0; i < config.train().algorithms().size(); i++) {
            if (!Algorithms.probabilistic(config.train().algorithms().get(i).algorithm())) {
                progress.step(config.train().algorithms().get(i).name() + " skipped: the retrain compares probabilities, and it gives none");
                continue;
            }
            Classifiers.Candidate candidate = Classifiers.candidate(config.train().algorithms().get(i), i, config.train().seed(),
                    config.train().weightColumn());
            trained.add(ModelTraining.fit(candidate, FeaturePipelines.preprocessing(config.dataset()), fit, validation,
                    config.train().decisionThreshold()));
            progress.step(candidate.name() + " on validation: " + ConfigReader.kebab(metric) + " "
                    + String.format("%.4f", trained.get(trained.size() - 1).heldOutMetrics().value(metric)));
        }
        return trained.stream().max(Comparator.comparingDouble(t -> t.heldOutMetrics().value(metric))).orElseThrow();
    }

    private PipelineModel loadChampion(ModelVersion champion) {
        Path dir = new ModelCache(modelFiles, config.scorer().modelCacheDir()).localCopy(champion);
        return PipelineModel.load(dir.resolve(ModelCache.PIPELINE_DIR).toString());
    }

    private ModelPublisher.LoggedModel log(ModelTraining.TrainedModel challenger, ClassificationMetrics onHoldout,
            ClassificationMetrics championOnHoldout, Dataset<Row> fit, String predictionsTable, long predictionsVersion, boolean promote) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("fit_rows", String.valueOf(fit.count()));
        params.put("holdout_rows", String.valueOf(onHoldout.rows()));
        params.put("min_improvement", String.valueOf(config.retrain().minImprovement()));
        params.put("selection_metric", ConfigReader.kebab(config.train().binarySelectionMetric()));
        params.put("seed", String.valueOf(config.train().seed()));
        Map<String, Double> metrics = new LinkedHashMap<>(championOnHoldout.asMap("champion_test_"));
        metrics.put("validation_" + ConfigReader.kebab(config.train().binarySelectionMetric()).replace('-', '_'),
                challenger.heldOutMetrics().value(config.train().binarySelectionMetric()));
        metrics.put("promoted", promote ? 1.0 : 0.0);
        ReferenceProfile reference = ReferenceProfile.fit(fit, config.dataset().featureSpec().numericInputs(), config.dataset().featureSpec().categoricalInputs(),
                config.monitor().bins());
        Map<String, String> tags = RunTags.of("retrain", "retrain-" + challenger.candidate().name(), config.dataset(),
                new Lineage.TableVersion(predictionsTable, predictionsVersion), BuildInfo.current());
        ModelTraining.TrainedModel evaluatedOnHoldout = new ModelTraining.TrainedModel(challenger.candidate(), challenger.model(), onHoldout);
        return publisher.log(tracker.experimentId(config.mlflow().experiment()), tags, params, metrics, evaluatedOnHoldout, reference,
                ModelSignature.of(fit.schema(), config.dataset().featureSpec().pipelineInputColumns()));
    }
}
