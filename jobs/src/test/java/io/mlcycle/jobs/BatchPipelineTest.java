package io.mlcycle.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ExperimentTracker.RunStatus;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.fakes.InMemoryRegistry;
import io.mlcycle.jobs.features.FeatureSplits;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.fakes.InMemoryTracker;
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
            new TrainJob(spark, train, tracker, new ModelPublisher(tracker, registry, work.resolve("scratch"))).run();

            assertThat(tracker.runs()).hasSize(2);
            assertThat(tracker.runs()).allSatisfy(run -> {
                assertThat(run.status).isEqualTo(RunStatus.FINISHED);
                assertThat(run.tags).containsEntry("mlcycle.data.table", train.lake().featuresTable())
                        .containsEntry("mlcycle.data.version", "0")
                        .containsKey("mlflow.source.git.commit");
                assertThat(run.params).containsKeys("algorithm", "train_rows", "test_rows", "seed");
                assertThat(run.metrics).containsKeys("test_auc_roc", "test_f1", "test_precision", "test_recall");
                assertThat(run.metrics).containsKeys("test_auc_pr", "test_log_loss", "test_brier", "test_f1_macro", "test_f1_weighted",
                        "test_precision_class_0", "test_recall_class_1");
                // two implementations, one threshold: the evaluate package's positive-class F1 is the F1 selection used
                assertThat(run.metrics.get("test_f1_class_1")).isCloseTo(run.metrics.get("test_f1"), org.assertj.core.data.Offset.offset(1e-12));
                // the clean regime's label depends strongly on the features: any sound model ranks far better than chance
                assertThat(run.metrics.get("test_auc_roc")).isGreaterThan(0.70);
            });
            ModelVersion champion = registry.versionByAlias(train.mlflow().registeredModel(), "champion").orElseThrow();
            InMemoryTracker.Run best = tracker.runs().stream()
                    .max(java.util.Comparator.comparingDouble(r -> r.metrics.get("test_auc_roc"))).orElseThrow();
            assertThat(champion.runId()).isEqualTo(best.id);
            Path modelDir = Path.of(java.net.URI.create(champion.source()));
            assertThat(modelDir.resolve("MLmodel")).exists();
            assertThat(Files.readString(modelDir.resolve(ModelPublisher.REFERENCE_FILE))).contains("amount", "channel");
            ReferenceProfile fitted = ReferenceProfile.fit(features.filter(features.col("split").equalTo("train")),
                    train.dataset().featureSpec().numericInputs(), train.dataset().featureSpec().categoricalInputs(), train.monitor().bins());
            assertThat(ReferenceProfile.fromJson(Files.readString(modelDir.resolve(ModelPublisher.REFERENCE_FILE))))
                    .as("the drift reference built from the stored profile is the one fitted on the train rows").isEqualTo(fitted);
            PipelineModel loaded = PipelineModel.load(modelDir.resolve("sparkml").toString());
            assertThat(loaded.transform(features.limit(5)).columns()).contains("probability", "prediction");
        } finally {
            System.clearProperty("mlcycle.work-dir");
            System.clearProperty("mlcycle.generator.history-rows");
        }
    }
}
