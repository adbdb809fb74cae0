package io.mlcycle.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ExperimentTracker.RunStatus;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.features.FeatureSplits;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.generate.GenerateJob;
import io.mlcycle.jobs.generate.GenerateJobConfig;
import io.mlcycle.jobs.ingest.BronzeColumns;
import io.mlcycle.jobs.ingest.IngestJob;
import io.mlcycle.jobs.ingest.IngestJobConfig;
import io.mlcycle.jobs.silver.SilverJob;
import io.mlcycle.jobs.silver.SilverJobConfig;
import io.mlcycle.jobs.train.ModelPublisher;
import io.mlcycle.jobs.train.TrainJob;
import io.mlcycle.jobs.train.TrainJobConfig;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.fakes.InMemoryRegistry;
import io.mlcycle.platform.fakes.InMemoryTracker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate -> ingest -> features (from bronze until the silver job exists) -> train on real Spark and Delta, with in-memory fakes for MLflow's interfaces. */
class BatchPipelineTest {
    private static final int ROWS = 3000;
    private static SparkSession spark;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(BatchPipelineTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void turnsGeneratedFilesIntoARegisteredChampion() throws Exception {
        System.setProperty("mlcycle.work-dir", work.toString());
        System.setProperty("mlcycle.generator.history-rows", String.valueOf(ROWS));
        try {
            var config = ConfigLoader.load(Path.of("..", "conf", "local.conf"));
            GenerateJobConfig generate = GenerateJobConfig.from(config);
            IngestJobConfig ingest = IngestJobConfig.from(config);
            FeaturesJobConfig featuresJob = FeaturesJobConfig.from(config);
            TrainJobConfig train = TrainJobConfig.from(config);

            new GenerateJob(spark, generate.generator(), generate.kafka()).run();
            String bronzeTable = ingest.lake().bronzeTable("applications");
            new IngestJob(spark, ingest.dataset(), ingest.lake(), "").run();
            Dataset<Row> bronze = spark.read().format("delta").load(bronzeTable);
            long csvFiles;
            try (var files = java.nio.file.Files.list(generate.generator().outputDir().resolve("history"))) {
                csvFiles = files.filter(file -> file.getFileName().toString().endsWith(".csv")).count();
            }
            assertThat(csvFiles).isPositive();
            assertThat(bronze.count()).isEqualTo(ROWS);
            assertThat(bronze.select(BronzeColumns.ORIGIN).distinct().count()).isEqualTo(csvFiles);
            assertThat(bronze.filter(bronze.col(BronzeColumns.CORRUPT_RECORD).isNotNull()).count()).isZero();

            new IngestJob(spark, ingest.dataset(), ingest.lake(), "").run();
            assertThat(spark.read().format("delta").load(bronzeTable).count())
                    .as("a rerun of ingest adds nothing").isEqualTo(ROWS);
            List<Row> log = spark.read().format("delta").load(ingest.lake().ingestionLogTable()).orderBy("started_at").collectAsList();
            assertThat(log).hasSize(2);
            assertThat(log.get(0).<Long>getAs("rows")).isEqualTo(ROWS);
            assertThat(log.get(0).getList(log.get(0).fieldIndex("files"))).hasSize((int) csvFiles);
            assertThat(log.get(0).<Long>getAs("bronze_version")).isEqualTo(0L);
            assertThat(log.get(1).<Long>getAs("rows")).as("the rerun is logged too").isZero();
            assertThat(log.get(1).getList(log.get(1).fieldIndex("files"))).isEmpty();
            assertThat(log.get(1).isNullAt(log.get(1).fieldIndex("bronze_version"))).isTrue();

            SilverJobConfig silverJob = SilverJobConfig.from(config);
            new SilverJob(spark, silverJob.lake(), silverJob.dataset()).run();
            assertThat(spark.read().format("delta").load(silverJob.lake().silverTable()).count())
                    .as("clean generated rows: every one passes to silver").isEqualTo(ROWS);
            assertThat(spark.read().format("delta").load(silverJob.lake().quarantineTable()).count()).isZero();

            new FeaturesJob(spark, featuresJob).run();
            Dataset<Row> features = spark.read().format("delta").load(featuresJob.lake().featuresTable());
            long test = features.filter(features.col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).count();
            assertThat(features.count()).isEqualTo(ROWS);
            assertThat(test).isBetween((long) (ROWS * 0.19), (long) (ROWS * 0.21));
            Row latestTrain = features.filter(features.col("split").equalTo("train")).agg(org.apache.spark.sql.functions.max("event_time")).head();
            Row earliestTest = features.filter(features.col("split").equalTo("test")).agg(org.apache.spark.sql.functions.min("event_time")).head();
            assertThat(latestTrain.getTimestamp(0)).as("test rows are all later than train rows").isBefore(earliestTest.getTimestamp(0));
            Dataset<Row> profile = spark.read().format("delta").load(featuresJob.profileTable());
            assertThat(profile.filter("split = 'train' AND column = 'amount'").select("rows").head().getLong(0))
                    .isEqualTo(ROWS - test);
            assertThat(profile.select("column").distinct().count()).as("every feature stored in the table profiled (the derived ratio is computed inside the model)").isEqualTo(9);

            InMemoryTracker tracker = new InMemoryTracker(work.resolve("artifacts"));
            InMemoryRegistry registry = new InMemoryRegistry();
            new TrainJob(spark, train, tracker, new ModelPublisher(tracker, registry, work.resolve("scratch")), registry).run();

            List<InMemoryTracker.Run> parents = tracker.runs().stream().filter(run -> !run.tags.containsKey("mlflow.parentRunId")).toList();
            List<InMemoryTracker.Run> children = tracker.runs().stream().filter(run -> run.tags.containsKey("mlflow.parentRunId")).toList();
            assertThat(parents).as("one training run holds the search").hasSize(1);
            InMemoryTracker.Run parent = parents.get(0);
            // the default config: logistic regression with two reg-param values, random forest with one grid point
            assertThat(children).hasSize(3).allSatisfy(child -> {
                assertThat(child.status).isEqualTo(RunStatus.FINISHED);
                assertThat(child.tags).containsEntry("mlflow.parentRunId", parent.id).containsEntry("mlcycle.data.version", "0");
                assertThat(child.params).containsKey("algorithm");
                assertThat(child.metrics).containsOnlyKeys("validation_auc_roc");
                assertThat(child.metrics.get("validation_auc_roc")).isBetween(0.5, 1.0);
            });
            assertThat(children.stream().filter(child -> child.params.get("algorithm").equals("logistic-regression"))
                    .map(child -> child.params.get("reg-param")).toList()).containsExactlyInAnyOrder("0.001", "0.01");
            assertThat(children.stream().filter(child -> child.tags.get("mlcycle.candidate.best").equals("true")).count())
                    .as("one best candidate per algorithm").isEqualTo(2);

            assertThat(parent.status).isEqualTo(RunStatus.FINISHED);
            assertThat(parent.tags).containsEntry("mlcycle.data.table", train.lake().featuresTable())
                    .containsEntry("mlcycle.data.version", "0")
                    .containsKey("mlflow.source.git.commit");
            assertThat(parent.params).containsKeys("algorithm", "fit_rows", "validation_rows", "test_rows", "seed", "threshold_rule");
            assertThat(Long.parseLong(parent.params.get("fit_rows")) + Long.parseLong(parent.params.get("validation_rows")))
                    .as("fit and validation rows together are the train split").isEqualTo(ROWS - test);
            assertThat(parent.params.get("test_rows")).isEqualTo(String.valueOf(test));
            assertThat(parent.metrics).containsKeys("test_auc_roc", "test_f1", "test_precision", "test_recall", "validation_auc_roc", "threshold");
            assertThat(parent.metrics).containsKeys("test_auc_pr", "test_log_loss", "test_brier", "test_f1_macro", "test_f1_weighted",
                    "test_precision_class_0", "test_recall_class_1");
            // the clean regime's label depends strongly on the features: any sound model ranks far better than chance
            assertThat(parent.metrics.get("test_auc_roc")).isGreaterThan(0.70);
            String chosen = parent.params.get("algorithm");
            InMemoryTracker.Run chosenChild = children.stream()
                    .filter(child -> child.params.get("algorithm").equals(chosen) && child.tags.get("mlcycle.candidate.best").equals("true"))
                    .findFirst().orElseThrow();
            chosenChild.params.forEach((name, value) -> {
                if (!name.equals("algorithm")) {
                    assertThat(parent.params).as("the parent records the chosen candidate's " + name).containsEntry("model." + name, value);
                }
            });
            List<String> candidates = Files.readAllLines(Path.of(java.net.URI.create(tracker.artifactUri(parent.id))).resolve("candidates/candidates.csv"));
            assertThat(candidates).hasSize(4);
            assertThat(candidates.get(0)).startsWith("algorithm,candidate,run_id,tuning_auc_roc,algorithm_winner,validation_auc_roc,chosen");
            List<String[]> chosenRows = candidates.stream().skip(1).map(line -> line.split(",", -1)).filter(cells -> cells[6].equals("true")).toList();
            assertThat(chosenRows).hasSize(1);
            assertThat(chosenRows.get(0)[0]).isEqualTo(chosen);
            assertThat(chosenRows.get(0)[2]).isEqualTo(chosenChild.id);

            // what the run records besides params and metrics: gate, config, inputs, evaluation artifacts, a complete MLflow model
            assertThat(parent.tags).containsEntry("mlcycle.gate", "passed").containsKeys("mlcycle.config.hash", "mlcycle.gate.failures")
                    .containsEntry("mlcycle.seed", "7");
            assertThat(parent.metrics.get("test_auc_roc_ci_lower")).isLessThanOrEqualTo(parent.metrics.get("test_auc_roc"));
            assertThat(parent.metrics.get("test_auc_roc_ci_upper")).isGreaterThanOrEqualTo(parent.metrics.get("test_auc_roc"));
            assertThat(parent.metrics.keySet()).anyMatch(name -> name.startsWith("test_fairness_region_"))
                    .anyMatch(name -> name.startsWith("test_slice_channel_")).anyMatch(name -> name.startsWith("test_robustness_"));
            assertThat(parent.inputs).extracting(input -> input.context().tagValue()).containsExactly("training", "testing");
            assertThat(parent.inputs.get(0).digest()).isNotEqualTo(parent.inputs.get(1).digest());
            Path artifacts = Path.of(java.net.URI.create(tracker.artifactUri(parent.id)));
            for (String file : List.of("evaluation/evaluation_report.html", "evaluation/roc.png", "evaluation/precision_recall.png",
                    "evaluation/confusion_matrix.png", "evaluation/calibration.png", "evaluation/feature_importance.png", "evaluation/candidates.png",
                    "config/mlcycle-config.json", "model/input_example.json", "model/MLmodel")) {
                assertThat(artifacts.resolve(file)).as(file).isNotEmptyFile();
            }
            assertThat(Files.readString(artifacts.resolve("evaluation/evaluation_report.html"))).contains("auc-roc", "region");
            assertThat(Files.readString(artifacts.resolve("model/MLmodel"))).contains("saved_input_example_info");

            ModelVersion champion = registry.versionByAlias(train.mlflow().registeredModel(), "champion").orElseThrow();
            assertThat(champion.runId()).isEqualTo(parent.id);
            Path modelDir = Path.of(java.net.URI.create(champion.source()));
            assertThat(modelDir.resolve("MLmodel")).exists();
            assertThat(Files.readString(modelDir.resolve(ModelPublisher.REFERENCE_FILE))).contains("amount", "channel");
            ReferenceProfile fitted = ReferenceProfile.fit(features.filter(features.col("split").equalTo("train")),
                    train.dataset().featureSpec().numericInputs(), train.dataset().featureSpec().categoricalInputs(), train.monitor().bins());
            assertThat(ReferenceProfile.fromJson(Files.readString(modelDir.resolve(ModelPublisher.REFERENCE_FILE))))
                    .as("the drift reference built from the stored profile is the one fitted on the train rows").isEqualTo(fitted);
            PipelineModel loaded = PipelineModel.load(modelDir.resolve("sparkml").toString());
            assertThat(loaded.transform(features.limit(5)).columns()).contains("probability", "prediction");
            // the chosen decision threshold is inside the model: it predicts positive exactly when probability[1] > threshold
            double threshold = parent.metrics.get("threshold");
            List<Row> scored = loaded.transform(features.filter(features.col("split").equalTo("test")))
                    .select(org.apache.spark.ml.functions.vector_to_array(org.apache.spark.sql.functions.col("probability"), "float64").getItem(1),
                            org.apache.spark.sql.functions.col("prediction"))
                    .collectAsList();
            assertThat(scored).allSatisfy(row -> assertThat(row.getDouble(1)).isEqualTo(row.getDouble(0) > threshold ? 1.0 : 0.0));
            assertThat(scored.stream().filter(row -> row.getDouble(1) == 1.0).count()).as("some positives predicted").isPositive();
        } finally {
            System.clearProperty("mlcycle.work-dir");
            System.clearProperty("mlcycle.generator.history-rows");
        }
    }
}
