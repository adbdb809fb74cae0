package io.mlcycle.jobs.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.platform.SparkTestSession;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabeledEventsTest {
    private static final DatasetSpec SPEC = new DatasetSpec("t", "id", "entity", "ts", "y", List.of("x"), List.of("c"));
    private static final StructType KAFKA = new StructType()
            .add("value", DataTypes.BinaryType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(LabeledEventsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void keepsValidLabelsAndTheLatestRecordPerId() {
        Dataset<Row> records = spark.createDataFrame(List.of(
                kafka("{\"id\": \"a\", \"y\": 1}", 0, 10),
                kafka("{\"id\": \"a\", \"y\": 0}", 0, 11),
                kafka("{\"id\": \"b\", \"y\": 1}", 1, 3),
                kafka("{\"id\": \"c\", \"y\": 2}", 1, 4),
                kafka("{\"y\": 1}", 1, 5),
                kafka("not json", 0, 12)), KAFKA);

        List<String> labels = LabeledEvents.labels(records, SPEC).collectAsList().stream()
                .map(row -> row.getString(0) + "=" + row.getInt(1)).sorted().collect(Collectors.toList());

        assertThat(labels).containsExactly("a=0", "b=1");
    }

    @Test
    void keepsTheClassValueOfAMulticlassLabel() {
        Dataset<Row> records = spark.createDataFrame(List.of(
                kafka("{\"id\": \"a\", \"y\": \"C\"}", 0, 10),
                kafka("{\"id\": \"a\", \"y\": \"B\"}", 0, 11),
                kafka("{\"id\": \"b\", \"y\": \"A\"}", 1, 3),
                kafka("{\"id\": \"c\", \"y\": \"  \"}", 1, 4),
                kafka("{\"id\": \"d\", \"y\": null}", 1, 5),
                kafka("{\"id\": \"e\"}", 1, 6),
                kafka("{\"y\": \"A\"}", 1, 7),
                kafka("{\"id\": \"f\", \"y\": \"A\"", 0, 12)), KAFKA);

        Dataset<Row> labels = LabeledEvents.labels(records, spec(TaskType.MULTICLASS));

        assertThat(labels.schema().apply("y").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(labels.collectAsList().stream().map(row -> row.getString(0) + "=" + row.getString(1)).sorted().toList())
                .containsExactly("a=B", "b=A");
    }

    @Test
    void keepsAFiniteNumberAsARegressionLabel() {
        Dataset<Row> records = spark.createDataFrame(List.of(
                kafka("{\"id\": \"a\", \"y\": 7.25}", 0, 10),
                kafka("{\"id\": \"b\", \"y\": 12}", 0, 11),
                kafka("{\"id\": \"b\", \"y\": 11.5}", 0, 13),
                kafka("{\"id\": \"c\", \"y\": \"high\"}", 1, 4),
                kafka("{\"id\": \"d\", \"y\": null}", 1, 5),
                kafka("{\"id\": \"e\", \"y\": \"NaN\"}", 1, 6),
                kafka("{\"id\": \"f\", \"y\": \"Infinity\"}", 1, 7),
                kafka("{\"id\": \"g\", \"y\": -0.5}", 1, 8)), KAFKA);

        Dataset<Row> labels = LabeledEvents.labels(records, spec(TaskType.REGRESSION));

        assertThat(labels.schema().apply("y").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(labels.collectAsList().stream().map(row -> row.getString(0) + "=" + row.getDouble(1)).sorted().toList())
                .containsExactly("a=7.25", "b=11.5", "g=-0.5");
    }

    @Test
    void joinsLabelsToScoredEventsOncePerId() {
        StructType predictionsSchema = new StructType()
                .add("id", DataTypes.StringType).add("entity", DataTypes.StringType).add("ts", DataTypes.TimestampType)
                .add("x", DataTypes.DoubleType).add("c", DataTypes.StringType).add("model_version", DataTypes.StringType);
        Timestamp time = Timestamp.valueOf("2026-01-02 00:00:00");
        Dataset<Row> predictions = spark.createDataFrame(List.of(
                RowFactory.create("a", "e1", time, 1.5, "u", "1"),
                RowFactory.create("a", "e1", time, 1.5, "u", "1"),
                RowFactory.create("b", "e2", time, 2.5, "v", "1"),
                RowFactory.create("z", "e3", time, 3.5, "w", "2")), predictionsSchema);
        Dataset<Row> labels = spark.createDataFrame(List.of(RowFactory.create("a", 1), RowFactory.create("b", 0), RowFactory.create("q", 1)),
                new StructType().add("id", DataTypes.StringType).add("y", DataTypes.IntegerType));

        Dataset<Row> joined = LabeledEvents.join(predictions, labels, SPEC);

        assertThat(joined.columns()).containsExactlyInAnyOrder("id", "entity", "ts", "x", "c", "y");
        assertThat(joined.collectAsList().stream().map(r -> r.getAs("id") + ":" + r.getAs("y")).sorted().toList())
                .containsExactly("a:1", "b:0");
    }

    @Test
    void namesMissingColumns() {
        Dataset<Row> noOffsets = spark.createDataFrame(List.of(RowFactory.create("{}")), new StructType().add("value", DataTypes.StringType));

        assertThatThrownBy(() -> LabeledEvents.labels(noOffsets, SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing columns [partition, offset]");
    }

    private static DatasetSpec spec(TaskType task) {
        return new DatasetSpec(SPEC.name(), task, SPEC.idColumn(), SPEC.entityColumn(), SPEC.timeColumn(), SPEC.labelColumn(), "", SPEC.schema(),
                List.of(), List.of(), List.of(), SPEC.quality(), SPEC.featureSpec());
    }

    private static Row kafka(String value, int partition, long offset) {
        return RowFactory.create(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), partition, offset);
    }
}
