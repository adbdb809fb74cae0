package io.mlcycle.jobs.train;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.common.io.ExperimentTracker;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.BuildInfo;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.delta.DeltaTables;
import io.mlcycle.jobs.delta.Lineage;
import io.mlcycle.jobs.features.FeatureSplits;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.ProfileTable;
import io.mlcycle.jobs.model.ModelSignature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains every configured algorithm on the train split of the latest feature table version, behind the
 * preprocessing fitted by the features job; evaluates each on the test split; logs each as an MLflow run;
 * registers the best by the selection metric and points the champion alias at it.
 */
public final class TrainJob implements Job {
    private final SparkSession spark;
    private final TrainJobConfig config;
    private final ExperimentTracker tracker;
    private final ModelPublisher publisher;
    private final Progress progress = new Progress("train");

    public TrainJob(SparkSession spark, TrainJobConfig config, ExperimentTracker tracker, ModelPublisher publisher) {
        this.spark = spark;
        this.config = config;
        this.tracker = tracker;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        String table = config.lake().featuresTable();
        long version = DeltaTables.latestVersion(spark, table);
        Dataset<Row> features = FeatureFrames.withLabel(DeltaTables.read(spark, table, version), config.dataset());
        Dataset<Row> train = features.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TRAIN)).cache();
        Dataset<Row> test = features.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).cache();
        PipelineModel preprocessing = PipelineModel.load(FeaturesJob.preprocessingPath(table, version));
        ReferenceProfile reference = reference(table, version, train);
        long trainRows = train.count();
        long testRows = test.count();
        progress.step("training on " + table + " version " + version + ": " + trainRows + " train rows, " + testRows + " test rows");

        String experimentId = tracker.experimentId(config.mlflow().experiment());
        Lineage.TableVersion data = new Lineage.TableVersion(table, version);
        BuildInfo build = BuildInfo.current();
        List<ModelPublisher.LoggedModel> logged = new ArrayList<>();
        for (Algorithm algorithm : config.train().algorithmChoices()) {
            Classifiers.Candidate candidate = Classifiers.candidate(algorithm, config.train().seed());
            ModelPublisher.LoggedModel model = publisher.log(experimentId, RunTags.of("train", "train-" + candidate.name(), config.dataset(),
                            data, build), params(trainRows, testRows), Map.of(), candidate,
                    () -> ModelTraining.fit(candidate, preprocessing, train, test, config.train().decisionThreshold()),
                    reference, ModelSignature.of(train.schema(), config.dataset().featureSpec().pipelineInputColumns()));
            logged.add(model);
            progress.step(candidate.name() + ": " + describe(model.trained().heldOutMetrics()));
        }
        ModelPublisher.LoggedModel best = logged.stream()
                .max(Comparator.comparingDouble(m -> m.trained().heldOutMetrics().value(config.train().binarySelectionMetric())))
                .orElseThrow();
        String modelName = config.mlflow().registeredModel();
        ModelVersion registered = publisher.register(modelName, best, Map.of(
                "mlcycle.stage", "train",
                "mlcycle.algorithm", best.trained().candidate().name(),
                "mlcycle.data", table + "@" + version));
        tracker.setTags(best.runId(), Map.of("mlcycle.registered.version", registered.version()));
        publisher.promote(modelName, registered.version(), config.mlflow().championAlias());
        progress.step("registered " + modelName + " version " + registered.version() + " (" + best.trained().candidate().name()
                + ", best " + ConfigReader.kebab(config.train().binarySelectionMetric()) + ") and set alias '" + config.mlflow().championAlias() + "'");
        train.unpersist();
        test.unpersist();
    }

    /** The train split's stored profile is the drift reference; a table version without one is profiled here. */
    private ReferenceProfile reference(String table, long version, Dataset<Row> train) {
        List<String> numeric = config.dataset().featureSpec().numericInputs();
        List<String> categorical = config.dataset().featureSpec().categoricalInputs();
        return ProfileTable.reference(spark, config.profileTable(), table, version, numeric, categorical, config.monitor().bins())
                .orElseGet(() -> ReferenceProfile.fit(train, numeric, categorical, config.monitor().bins()));
    }

    private Map<String, String> params(long trainRows, long testRows) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("train_rows", String.valueOf(trainRows));
        params.put("test_rows", String.valueOf(testRows));
        params.put("decision_threshold", String.valueOf(config.train().decisionThreshold()));
        params.put("selection_metric", ConfigReader.kebab(config.train().binarySelectionMetric()));
        params.put("seed", String.valueOf(config.train().seed()));
        params.put("numeric_features", String.join(",", config.dataset().numericFeatures()));
        params.put("categorical_features", String.join(",", config.dataset().categoricalFeatures()));
        params.put("drift_bins", String.valueOf(config.monitor().bins()));
        return params;
    }

    static String describe(ClassificationMetrics metrics) {
        return String.format("AUC-ROC %.4f, F1 %.4f, precision %.4f, recall %.4f on %d rows",
                metrics.aucRoc(), metrics.f1(), metrics.precision(), metrics.recall(), metrics.rows());
    }
}
