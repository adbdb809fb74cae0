package io.mlcycle.jobs.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.jobs.SparkTestSession;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureSplitsTest {
    private static final DatasetSpec SPEC = new DatasetSpec("t", "id", "entity", "ts", "y", List.of("x"), List.of("c"));
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType).add("ts", DataTypes.TimestampType).add("y", DataTypes.IntegerType)
            .add("ingested", DataTypes.LongType);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(FeatureSplitsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void keepsTheLastIngestedRowOfEachId() {
        Dataset<Row> rows = spark.createDataFrame(List.of(
                row("a", 100, 1, 1), row("a", 100, 0, 2), row("b", 200, 1, 1)), SCHEMA);

        List<String> kept = FeatureSplits.latestPerId(rows, SPEC, "ingested").collectAsList().stream()
                .map(r -> r.getString(0) + ":" + r.getInt(2)).sorted().toList();

        assertThat(kept).containsExactly("a:0", "b:1");
    }

    @Test
    void dropsRowsWithoutIdTimeOrA01Label() {
        Dataset<Row> rows = spark.createDataFrame(List.of(
                row("a", 100, 1, 1), row(null, 100, 1, 1), RowFactory.create("c", null, 1, 1L), row("d", 100, 3, 1), row("e", 100, 0, 1)), SCHEMA);

        assertThat(rows.filter(FeatureSplits.trainable(SPEC)).collectAsList().stream().map(r -> r.getString(0)).sorted().toList())
                .containsExactly("a", "e");
    }

    @Test
    void putsRowsAfterTheCutoffInTheTestSplit() {
        Dataset<Row> rows = spark.createDataFrame(List.of(row("a", 100, 1, 1), row("b", 200, 1, 1), row("c", 300, 0, 1)), SCHEMA);

        List<String> splits = FeatureSplits.splitByTime(rows, SPEC, 200.0).collectAsList().stream()
                .map(r -> r.getString(0) + ":" + r.getAs(FeatureSplits.SPLIT_COLUMN)).sorted().toList();

        assertThat(splits).containsExactly("a:train", "b:train", "c:test");
    }

    @Test
    void splitsWithoutATimeColumnBySeededIdHashTheSameWayEveryTime() {
        List<Row> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(row("id-" + i, 100, i % 2, 1));
        }
        Dataset<Row> rows = spark.createDataFrame(many, SCHEMA);

        List<String> first = testIds(FeatureSplits.splitRandomly(rows, SPEC, 0.2, 11));
        List<String> again = testIds(FeatureSplits.splitRandomly(rows.repartition(3), SPEC, 0.2, 11));
        List<String> otherSeed = testIds(FeatureSplits.splitRandomly(rows, SPEC, 0.2, 12));

        assertThat(again).as("the same ids whatever the partitioning").isEqualTo(first);
        assertThat(first.size()).isBetween(340, 460);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static List<String> testIds(Dataset<Row> split) {
        return split.filter(split.col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList();
    }

    private static Row row(String id, long epochSeconds, int label, long ingested) {
        return RowFactory.create(id, new Timestamp(epochSeconds * 1000), label, ingested);
    }
}
