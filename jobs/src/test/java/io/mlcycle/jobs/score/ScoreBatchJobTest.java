package io.mlcycle.jobs.score;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.CategoricalReference;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.features.PaymentsFixture;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.fakes.InMemoryRegistry;
import io.mlcycle.platform.model.ModelCache;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch scoring job on the payments fixture (a lookup in Parquet, a 7-day entity sum, derived columns) with a model
 * fitted here on the features job's table and preprocessing, served through an in-memory registry. The expected
 * predictions are the model's own output on the feature table's rows: the lookups and aggregates the features job
 * computed, so a difference means score-batch computed other features than training did.
 */
class ScoreBatchJobTest {
    private static final String MODEL = "payments-model";
    private static SparkSession spark;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(ScoreBatchJobTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void scoresWithTheFeaturesTrainingComputedOncePerInputAndModelVersion() throws Exception {
        String root = work.resolve("lake").toString();
        FeaturesJobConfig features = PaymentsFixture.writeSilverAndCustomers(spark, root, new PrepareSettings(0.2, 11));
        new FeaturesJob(spark, features).run();
        DatasetSpec spec = features.dataset();
        Dataset<Row> table = spark.read().format("delta").load(root + "/features");
        PipelineModel preprocessing = PipelineModel.load(FeaturesJob.preprocessingPath(root + "/features", 0));
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {preprocessing, new LogisticRegression().setMaxIter(20)})
                .fit(FeatureFrames.withLabel(table, spec));
        InMemoryRegistry registry = new InMemoryRegistry();
        registry.ensureRegisteredModel(MODEL);
        ModelVersion first = registry.createVersion(MODEL, modelFolder(model, "v1").toUri().toString(), "run-1", Map.of());
        registry.setAlias(MODEL, "champion", first.version());
        ScoreBatchJobConfig config = config(features, root);

        ScoreBatchJob.Result result = job(config, registry, ScoreBatchJob.Options.defaults()).score();

        assertThat(result.input()).isEqualTo(new Lineage.TableVersion(root + "/silver", 0));
        assertThat(result.writtenVersion()).hasValue(0);
        Dataset<Row> predictions = spark.read().format("delta").load(root + "/batch_predictions");
        assertThat(predictions.columns()).containsExactly("id", "customer", "t", "amount", "income", "channel", "amount_sum_7d", "segment",
                "credit_limit", "probability", "prediction", "quality_flags", "model_name", "model_version", "model_run_id", "lookup_versions",
                "scored_at", "kafka_partition", "kafka_offset");
        // silver rows passed every rule: nothing to flag
        assertThat(predictions.collectAsList()).allSatisfy(row -> assertThat(row.getList(row.fieldIndex("quality_flags"))).isEmpty());
        // the looked-up and aggregated values as the fixture defines them: c0 is gold with limit 5000, c3 is not in the
        // dimension; e8 (c0) follows e0 and e4 (amounts 0 and 40) within 7 days, e9 (c1) follows e1 and e5 (10 and 50)
        Map<String, Row> byId = predictions.collectAsList().stream().collect(Collectors.toMap(row -> row.<String>getAs("id"), row -> row));
        assertThat(List.of(byId.get("e8").getAs("segment"), byId.get("e8").getAs("credit_limit"), byId.get("e8").getAs("amount_sum_7d")))
                .containsExactly("gold", 5000.0, 40.0);
        assertThat(byId.get("e9").<Double>getAs("amount_sum_7d")).isEqualTo(60.0);
        assertThat(byId.get("e3").<Object>getAs("segment")).isNull();
        Map<String, double[]> expected = model.transform(table).select("id", "probability", "prediction").collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getString(0), row -> new double[] {((Vector) row.get(1)).apply(1), row.getDouble(2)}));
        List<Row> scored = predictions.collectAsList();
        assertThat(scored).hasSize(40).allSatisfy(row -> {
            double[] training = expected.get(row.<String>getAs("id"));
            assertThat(row.<Double>getAs("probability")).as("probability of %s", row.<String>getAs("id")).isEqualTo(training[0]);
            assertThat(row.<Double>getAs("prediction")).isEqualTo(training[1]);
            assertThat(List.of(row.getAs("model_name"), row.getAs("model_version"), row.getAs("model_run_id"))).containsExactly(MODEL, "1", "run-1");
            assertThat(row.<Object>getAs("kafka_offset")).isNull();
            // the fixture's dimension is Parquet files: no version
            assertThat(row.<String, Long>getJavaMap(row.fieldIndex("lookup_versions"))).isEqualTo(Collections.singletonMap("customers", null));
        });
        assertThat(scored.stream().map(row -> row.<Double>getAs("probability")).distinct().count())
                .as("the aggregates and lookups move the scores apart").isGreaterThan(20);
        String metadata = io.delta.tables.DeltaTable.forPath(spark, root + "/batch_predictions").history(1).select("userMetadata").head().getString(0);
        assertThat(Lineage.fromJson(metadata)).hasValueSatisfying(lineage -> {
            assertThat(lineage.job()).isEqualTo("score-batch");
            assertThat(lineage.reads()).containsExactly(new Lineage.TableVersion(root + "/silver", 0));
            assertThat(lineage.sources()).containsExactly("model:" + MODEL + " version 1 run run-1", "parquet:" + root + "/customers");
        });

        // the same input and model again: nothing is added; a new silver version, or another model version, is scored
        assertThat(job(config, registry, ScoreBatchJob.Options.defaults()).score().writtenVersion()).isEmpty();
        assertThat(DeltaTables.latestVersion(spark, root + "/batch_predictions")).isZero();
        spark.read().format("delta").load(root + "/silver").limit(5).write().format("delta").mode(SaveMode.Overwrite).save(root + "/silver");
        assertThat(job(config, registry, ScoreBatchJob.Options.defaults()).score().writtenVersion()).hasValue(1);
        ModelVersion second = registry.createVersion(MODEL, modelFolder(model, "v2").toUri().toString(), "run-2", Map.of());
        ScoreBatchJob.Options older = new ScoreBatchJob.Options(Optional.empty(), OptionalLong.of(0), Optional.of(second.version()));
        assertThat(job(config, registry, older).score().writtenVersion()).hasValue(2);
        assertThat(job(config, registry, older).score().writtenVersion()).isEmpty();
        Map<String, Long> rowsByVersion = spark.read().format("delta").load(root + "/batch_predictions").groupBy("model_version").count()
                .collectAsList().stream().collect(Collectors.toMap(row -> row.getString(0), row -> row.getLong(1)));
        assertThat(rowsByVersion).containsOnly(Map.entry("1", 45L), Map.entry("2", 40L));
        assertThat(spark.read().format("delta").load(root + "/batch_predictions").filter(col("model_version").equalTo("1"))
                .select("id").distinct().count()).isEqualTo(40);
    }

    @Test
    void badInputAndAMissingModelAreNamed() throws Exception {
        String root = work.resolve("errors").toString();
        FeaturesJobConfig features = PaymentsFixture.writeSilverAndCustomers(spark, root, new PrepareSettings(0.2, 11));
        ScoreBatchJobConfig config = config(features, root);
        InMemoryRegistry registry = new InMemoryRegistry();
        registry.ensureRegisteredModel(MODEL);

        assertThatThrownBy(() -> job(config, registry, ScoreBatchJob.Options.defaults()).score())
                .hasMessage("Cannot score with the champion: registered model 'payments-model' has no version with alias 'champion'."
                        + " Train and promote a model first (mlcycle train), or name a version with --model-version.");
        assertThatThrownBy(() -> job(config, registry, new ScoreBatchJob.Options(Optional.empty(), OptionalLong.empty(), Optional.of("7"))).score())
                .hasMessage("Cannot score with version 7 of registered model 'payments-model': it has versions []. Name one of them with --model-version.");
        assertThatThrownBy(() -> job(config, registry, new ScoreBatchJob.Options(Optional.empty(), OptionalLong.of(3), Optional.empty())).score())
                .hasMessage("Cannot score table " + root + "/silver version 3: its latest version is 0. Pass --data-version 0 or lower, or leave it"
                        + " out to score the latest.");
        assertThatThrownBy(() -> job(config, registry, new ScoreBatchJob.Options(Optional.of(root + "/nothing"), OptionalLong.empty(), Optional.empty())).score())
                .hasMessage("Cannot score table " + root + "/nothing: it is not a Delta table (or does not exist yet). Name a Delta table with --table.");

        PipelineModel regression = new Pipeline().setStages(new PipelineStage[] {
                new org.apache.spark.ml.feature.VectorAssembler().setInputCols(new String[] {"amount"}).setOutputCol("features"),
                new org.apache.spark.ml.regression.LinearRegression().setLabelCol("y")})
                .fit(spark.read().format("delta").load(root + "/silver").withColumn("y", col("y").cast("double")));
        ModelVersion version = registry.createVersion(MODEL, modelFolder(regression, "regression").toUri().toString(), "run-r", Map.of());
        registry.setAlias(MODEL, "champion", version.version());
        assertThatThrownBy(() -> job(config, registry, ScoreBatchJob.Options.defaults()).score())
                .hasMessage("Cannot serve payments-model version 1: it is a regression model and mlcycle.dataset.task is binary. Move the"
                        + " champion alias to a model trained on this dataset, or set mlcycle.dataset.task to the model's task.");
        assertThat(features.dataset().task()).isEqualTo(TaskType.BINARY);
    }

    private static ScoreBatchJob job(ScoreBatchJobConfig config, InMemoryRegistry registry, ScoreBatchJob.Options options) {
        return new ScoreBatchJob(spark, config, registry, new ModelCache(registry, config.modelCacheDir()), options);
    }

    private static ScoreBatchJobConfig config(FeaturesJobConfig features, String root) {
        MlflowSettings mlflow = new MlflowSettings(URI.create("http://127.0.0.1:1"), "unused", MODEL, "champion", Secret.empty(),
                Secret.empty(), Duration.ofSeconds(1), 1);
        return new ScoreBatchJobConfig(work, features.spark(), features.lake(), features.dataset(), mlflow, root + "/batch_predictions",
                Path.of(root, "model-cache"));
    }

    /** A model folder as the train job writes it: the pipeline in sparkml/ and a drift reference. */
    private static Path modelFolder(PipelineModel model, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve("models").resolve(name));
        model.write().overwrite().save(dir.resolve(ModelCache.PIPELINE_DIR).toString());
        ReferenceProfile reference = new ReferenceProfile(List.of(new CategoricalReference("channel", List.of("web"), List.of(1L, 0L, 0L))));
        Files.writeString(dir.resolve(ModelCache.REFERENCE_FILE), reference.toJson());
        return dir;
    }
}
