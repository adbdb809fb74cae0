package io.mlcycle.jobs.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.platform.SparkTestSession;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private static Dataset<Row> imbalanced(List<Row> rows) {
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** 1,000 rows id-0 .. id-999; 7% positives (label 1 when i mod 100 < 7: 70 rows), 930 negatives. */
    private static List<Row> imbalancedRows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row("id-" + i, 100, i % 100 < 7 ? 1 : 0, 1));
        }
        return rows;
    }

    @Test
    void holdsOutExactlyTheTestFractionOfEachClass() {
        Dataset<Row> split = FeatureSplits.splitRandomly(imbalanced(imbalancedRows()), SPEC, 0.2, 11);

        // 0.2 x 70 positives = 14, 0.2 x 930 negatives = 186
        assertThat(countsBySplitAndLabel(split)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "test/1", 14L, "test/0", 186L, "train/1", 56L, "train/0", 744L));
        // another seed: other rows, the same counts
        Dataset<Row> otherSeed = FeatureSplits.splitRandomly(imbalanced(imbalancedRows()), SPEC, 0.2, 12);
        assertThat(countsBySplitAndLabel(otherSeed)).containsEntry("test/1", 14L).containsEntry("test/0", 186L);
        assertThat(testIds(otherSeed)).isNotEqualTo(testIds(split));
    }

    @Test
    void roundsEachClassOfAMulticlassLabelToTheNearestCount() {
        StructType schema = new StructType().add("id", DataTypes.LongType).add("kind", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 540; i++) {
            rows.add(RowFactory.create(i, i < 500 ? "a" : i < 533 ? "b" : "c"));
        }

        Dataset<Row> split = FeatureSplits.splitStratified(spark.createDataFrame(rows, schema), "id", "kind", 0.2, 5);

        // a: 0.2 x 500 = 100; b: 0.2 x 33 = 6.6 -> 7; c: 0.2 x 7 = 1.4 -> 1
        Map<String, Long> test = new HashMap<>();
        split.filter("split = 'test'").groupBy("kind").count().collectAsList().forEach(r -> test.put(r.getString(0), r.getLong(1)));
        assertThat(test).containsExactlyInAnyOrderEntriesOf(Map.of("a", 100L, "b", 7L, "c", 1L));
        assertThat(split.columns()).containsExactly("id", "kind", "split");
    }

    @Test
    void givesEveryIdTheSameSplitWhateverThePartitioningOrRowOrder() {
        List<Row> reversed = new ArrayList<>(imbalancedRows());
        Collections.reverse(reversed);

        List<String> first = testIds(FeatureSplits.splitRandomly(imbalanced(imbalancedRows()), SPEC, 0.2, 11));
        List<String> repartitioned = testIds(FeatureSplits.splitRandomly(imbalanced(imbalancedRows()).repartition(5), SPEC, 0.2, 11));
        String shufflePartitions = spark.conf().get("spark.sql.shuffle.partitions");
        List<String> otherOrder;
        try {
            spark.conf().set("spark.sql.shuffle.partitions", "7");
            otherOrder = testIds(FeatureSplits.splitRandomly(imbalanced(reversed).repartition(3, col("id")), SPEC, 0.2, 11));
        } finally {
            spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions);
        }

        assertThat(first).hasSize(200);
        assertThat(repartitioned).isEqualTo(first);
        assertThat(otherOrder).isEqualTo(first);
    }

    @Test
    void putsEveryRowInExactlyOneSplitAndKeepsItsValues() {
        List<Row> split = FeatureSplits.splitRandomly(imbalanced(imbalancedRows()), SPEC, 0.2, 11).collectAsList();

        assertThat(split).hasSize(1000);
        assertThat(split.stream().map(r -> r.getString(0)).distinct()).hasSize(1000);
        assertThat(split).allSatisfy(r -> assertThat(r.getString(4)).isIn(FeatureSplits.TRAIN, FeatureSplits.TEST));
        assertThat(split).allSatisfy(r -> {
            int i = Integer.parseInt(r.getString(0).substring(3));
            assertThat(r.getInt(2)).isEqualTo(i % 100 < 7 ? 1 : 0);
            assertThat(r.getTimestamp(1)).isEqualTo(new Timestamp(100_000));
        });
    }

    @Test
    void aSmallerFractionTakesASubsetOfTheSameRanking() {
        Set<String> tenth = new HashSet<>(testIds(FeatureSplits.splitRandomly(imbalanced(imbalancedRows()), SPEC, 0.1, 11)));
        Set<String> fifth = new HashSet<>(testIds(FeatureSplits.splitRandomly(imbalanced(imbalancedRows()), SPEC, 0.2, 11)));

        // 0.1 x 70 = 7 positives and 0.1 x 930 = 93 negatives, all of them also in the 0.2 test split
        assertThat(tenth).hasSize(100);
        assertThat(fifth).containsAll(tenth);
    }

    @Test
    void splitsARegressionTaskByThePlainSeededIdHash() {
        DatasetSpec binary = SPEC;
        DatasetSpec regression = new DatasetSpec(binary.name(), TaskType.REGRESSION, binary.idColumn(), binary.entityColumn(),
                binary.timeColumn(), binary.labelColumn(), "", binary.schema(), List.of(), List.of(), List.of(), binary.quality(),
                binary.featureSpec());
        List<Row> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(row("id-" + i, 100, i % 2, 1));
        }
        Dataset<Row> rows = spark.createDataFrame(many, SCHEMA);

        List<String> first = testIds(FeatureSplits.splitRandomly(rows, regression, 0.2, 11));
        List<String> again = testIds(FeatureSplits.splitRandomly(rows.repartition(3), regression, 0.2, 11));
        List<String> otherSeed = testIds(FeatureSplits.splitRandomly(rows, regression, 0.2, 12));

        assertThat(again).as("the same ids whatever the partitioning").isEqualTo(first);
        // about 20%: 400 expected, binomial standard deviation about 18
        assertThat(first.size()).isBetween(340, 460);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static Map<String, Long> countsBySplitAndLabel(Dataset<Row> split) {
        Map<String, Long> counts = new HashMap<>();
        split.groupBy(FeatureSplits.SPLIT_COLUMN, "y").count().collectAsList()
                .forEach(r -> counts.put(r.getString(0) + "/" + r.getInt(1), r.getLong(2)));
        return counts;
    }

    private static List<String> testIds(Dataset<Row> split) {
        return split.filter(split.col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList();
    }

    private static Row row(String id, long epochSeconds, int label, long ingested) {
        return RowFactory.create(id, new Timestamp(epochSeconds * 1000), label, ingested);
    }
}
