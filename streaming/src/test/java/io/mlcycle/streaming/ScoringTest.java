package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.scoring.Scoring;
import io.mlcycle.common.scoring.ScoringModel;
import io.mlcycle.platform.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringTest {
    private static final StructType VALID_EVENTS = new StructType()
            .add("event_id", DataTypes.StringType)
            .add("customer", DataTypes.StringType)
            .add("event_time", DataTypes.TimestampType)
            .add("amount", DataTypes.DoubleType)
            .add("income", DataTypes.DoubleType)
            .add("channel", DataTypes.StringType)
            .add("kafka_topic", DataTypes.StringType)
            .add("kafka_partition", DataTypes.IntegerType)
            .add("kafka_offset", DataTypes.LongType)
            .add("kafka_timestamp", DataTypes.TimestampType);
    private static final Timestamp TIME = Timestamp.from(Instant.parse("2026-01-01T10:00:00Z"));

    @TempDir
    static Path work;
    private static SparkSession spark;
    private static ScoringModel model;

    @BeforeAll
    static void fitModel() throws Exception {
        spark = SparkSessions.create("ScoringTest", TestSettings.SPARK);
        Path dir = TestModels.writeModelFolder(spark, work.resolve("model"), 0.0);
        model = new ScoringModel(new ModelVersion("model", "7", "run-7", dir.toString()),
                PipelineModel.load(dir.resolve(ChampionModels.PIPELINE_DIR).toString()),
                ReferenceProfile.fromJson(Files.readString(dir.resolve(ChampionModels.REFERENCE_FILE))));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void predictionsCarryTheEventTheScoreAndTheModel() {
        Dataset<Row> events = spark.createDataFrame(List.of(
                RowFactory.create("low", "c1", TIME, 100.0, 2000.0, "web", "events", 1, 41L, TIME),
                RowFactory.create("high", null, TIME, 1050.0, null, "kiosk", "events", 0, 42L, TIME)), VALID_EVENTS);

        List<Row> predictions = Scoring.score(events, model, TestModels.SPEC).orderBy("kafka_offset").collectAsList();

        assertThat(Scoring.score(events, model, TestModels.SPEC).columns()).containsExactly(
                "event_id", "customer", "event_time", "amount", "income", "channel", "probability", "prediction",
                "quality_flags", "model_name", "model_version", "model_run_id", "lookup_versions", "scored_at", "kafka_partition", "kafka_offset");
        Row low = predictions.get(0);
        Row high = predictions.get(1);
        assertThat(low.getJavaMap(low.fieldIndex("lookup_versions"))).as("a dataset without lookups").isEmpty();
        // trained on "label 1 when the amount is above 600": probability is the positive class's
        assertThat(low.<Double>getAs("probability")).isLessThan(0.5);
        assertThat(low.<Double>getAs("prediction")).isEqualTo(0.0);
        assertThat(high.<Double>getAs("probability")).isGreaterThan(0.5);
        assertThat(high.<Double>getAs("prediction")).isEqualTo(1.0);
        // raw values as they came, nulls and an unseen category included
        assertThat(List.of(high.getAs("event_id"), high.getAs("amount"), high.getAs("channel"), high.getAs("kafka_partition"),
                        high.getAs("kafka_offset"), high.getAs("model_name"), high.getAs("model_version"), high.getAs("model_run_id")))
                .containsExactly("high", 1050.0, "kiosk", 0, 42L, "model", "7", "run-7");
        assertThat(high.<Object>getAs("customer")).isNull();
        assertThat(high.<Object>getAs("income")).isNull();
        assertThat(high.<Timestamp>getAs("scored_at")).isNotNull();
    }

    @Test
    void aModelWithoutProbabilitiesScoresWithANullProbability() {
        PipelineModel svm = TestModels.fitWith(spark, new org.apache.spark.ml.classification.LinearSVC().setLabelCol("label").setMaxIter(50));
        ScoringModel margin = new ScoringModel(model.version(), svm, model.reference());
        Dataset<Row> events = spark.createDataFrame(List.of(
                RowFactory.create("low", "c1", TIME, 100.0, 2000.0, "web", "events", 1, 41L, TIME),
                RowFactory.create("high", null, TIME, 1050.0, null, "kiosk", "events", 0, 42L, TIME)), VALID_EVENTS);

        Dataset<Row> scored = Scoring.score(events, margin, TestModels.SPEC);
        List<Row> predictions = scored.orderBy("kafka_offset").collectAsList();

        assertThat(scored.schema().apply("probability").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(predictions).allSatisfy(row -> assertThat(row.<Object>getAs("probability")).isNull());
        assertThat(predictions).extracting(row -> row.<Double>getAs("prediction")).containsExactly(0.0, 1.0);
    }

    @Test
    void multiclassPredictionsCarryTheClassValueAndEveryClassProbability() {
        PipelineModel pipeline = TestModels.fitMulticlass(spark);
        ScoringModel multiclass = new ScoringModel(model.version(), pipeline, model.reference());
        Dataset<Row> events = spark.createDataFrame(List.of(
                RowFactory.create("low", "c1", TIME, 100.0, 2000.0, "web", "events", 1, 41L, TIME),
                RowFactory.create("mid", "c2", TIME, 550.0, 2300.0, "phone", "events", 1, 42L, TIME),
                RowFactory.create("high", null, TIME, 1050.0, null, "kiosk", "events", 0, 43L, TIME)), VALID_EVENTS);

        Dataset<Row> scored = Scoring.score(events, multiclass, TestModels.spec(TaskType.MULTICLASS));
        List<Row> predictions = scored.orderBy("kafka_offset").collectAsList();

        assertThat(multiclass.task()).isEqualTo(TaskType.MULTICLASS);
        assertThat(multiclass.classes()).contains(List.of("high", "low", "mid"));
        assertThat(scored.columns()).containsExactly(
                "event_id", "customer", "event_time", "amount", "income", "channel", "prediction", "predicted_label", "probabilities",
                "quality_flags", "model_name", "model_version", "model_run_id", "lookup_versions", "scored_at", "kafka_partition", "kafka_offset");
        assertThat(predictions).extracting(row -> row.<String>getAs("predicted_label")).containsExactly("low", "mid", "high");
        // the class index of each value, as the training sorted the values: high 0, low 1, mid 2
        assertThat(predictions).extracting(row -> row.<Double>getAs("prediction")).containsExactly(1.0, 2.0, 0.0);
        // every class's probability under its value, as MLlib's own probability vector holds it by index
        List<Row> mllib = pipeline.transform(events).orderBy("kafka_offset").select("probability").collectAsList();
        for (int i = 0; i < predictions.size(); i++) {
            double[] vector = ((org.apache.spark.ml.linalg.Vector) mllib.get(i).get(0)).toArray();
            assertThat(predictions.get(i).<String, Double>getJavaMap(predictions.get(i).fieldIndex("probabilities")))
                    .containsOnly(entry("high", vector[0]), entry("low", vector[1]), entry("mid", vector[2]));
        }
        assertThat(predictions.get(0).<String, Double>getJavaMap(predictions.get(0).fieldIndex("probabilities")).get("low")).isGreaterThan(0.5);
    }

    @Test
    void regressionPredictionsCarryThePredictedTarget() {
        ScoringModel regression = new ScoringModel(model.version(), TestModels.fitRegression(spark), model.reference());
        Dataset<Row> events = spark.createDataFrame(List.of(
                RowFactory.create("a", "c1", TIME, 100.0, 2000.0, "web", "events", 1, 41L, TIME),
                RowFactory.create("b", null, TIME, 1050.0, null, "kiosk", "events", 0, 42L, TIME)), VALID_EVENTS);

        Dataset<Row> scored = Scoring.score(events, regression, TestModels.spec(TaskType.REGRESSION));
        List<Row> predictions = scored.orderBy("kafka_offset").collectAsList();

        assertThat(regression.task()).isEqualTo(TaskType.REGRESSION);
        assertThat(scored.columns()).containsExactly("event_id", "customer", "event_time", "amount", "income", "channel", "prediction",
                "quality_flags", "model_name", "model_version", "model_run_id", "lookup_versions", "scored_at", "kafka_partition", "kafka_offset");
        // trained on target = 2 * amount + 10
        assertThat(predictions).extracting(row -> row.<Double>getAs("prediction"))
                .satisfiesExactly(p -> assertThat(p).isCloseTo(210.0, within(1e-6)), p -> assertThat(p).isCloseTo(2110.0, within(1e-6)));
    }

    @Test
    void aModelOfAnotherTaskIsNotServed() {
        Dataset<Row> events = spark.createDataFrame(List.of(), VALID_EVENTS);

        assertThatThrownBy(() -> Scoring.score(events, model, TestModels.spec(TaskType.REGRESSION)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot serve model version 7: it is a binary model and mlcycle.dataset.task is regression. Move the champion"
                        + " alias to a model trained on this dataset, or set mlcycle.dataset.task to the model's task.");
        ScoringModel multiclassWithoutLabels = new ScoringModel(model.version(),
                TestModels.fitWith(spark, new org.apache.spark.ml.classification.NaiveBayes().setLabelCol("label")), model.reference(),
                TaskType.MULTICLASS, java.util.Optional.empty());
        assertThatThrownBy(() -> Scoring.score(events, multiclassWithoutLabels, TestModels.spec(TaskType.MULTICLASS)))
                .hasMessageStartingWith("Cannot serve model version 7: it is a multiclass classifier without the stage that maps class"
                        + " indexes back to label values.");
    }

    @Test
    void namesTheMissingColumns() {
        Dataset<Row> events = spark.createDataFrame(List.of(), new StructType().add("event_id", DataTypes.StringType));

        assertThatThrownBy(() -> Scoring.score(events, model, TestModels.SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot score events: columns [customer, event_time, amount, income, channel, kafka_partition, kafka_offset]"
                        + " are missing; the rows have [event_id]. Score the output of KafkaEvents.valid, with the lookups joined.");
    }
}
