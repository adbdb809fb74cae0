package io.mlcycle.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.common.drift.DataProfile.ColumnProfile;
import io.mlcycle.common.drift.DataProfile.Kind;
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

/** Profile values by hand on a small fixture, and the drift reference built from the stored profile. */
class DataProfileTest {
    private static final StructType SCHEMA = new StructType().add("x", DataTypes.DoubleType).add("c", DataTypes.StringType);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("DataProfileTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> rows() {
        // x: 1, 2, 3, 4 and one missing; c: a twice, b, c, one missing
        return spark.createDataFrame(List.of(RowFactory.create(1.0, "a"), RowFactory.create(2.0, "a"), RowFactory.create(3.0, "b"),
                RowFactory.create(4.0, null), RowFactory.create(null, "c")), SCHEMA);
    }

    @Test
    void profilesEachColumnAsComputedByHand() {
        DataProfile profile = DataProfile.compute(rows(), List.of("x"), List.of("c"), 2);

        ColumnProfile x = profile.column("x");
        assertThat(x.kind()).isEqualTo(Kind.NUMERIC);
        assertThat(x.rows()).isEqualTo(5);
        assertThat(x.missing()).isEqualTo(1);
        assertThat(x.distinctApprox()).isEqualTo(4);
        assertThat(x.min()).isEqualTo(1.0);
        assertThat(x.max()).isEqualTo(4.0);
        assertThat(x.mean()).isEqualTo(2.5);
        // deviations -1.5, -0.5, 0.5, 1.5: squares sum to 5, sample variance 5 / 3
        assertThat(x.stddev()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
        // quantile p of 4 sorted values: the value of rank ceil(4p): ranks 1, 1, 1, 2, 3, 4, 4
        assertThat(x.quantiles()).containsExactly(1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 4.0);
        // 2 bins: one edge at the median (2); x < 2: {1}; x >= 2: {2, 3, 4}
        assertThat(x.binEdges()).containsExactly(2.0);
        assertThat(x.binCounts()).containsExactly(1L, 3L);

        ColumnProfile c = profile.column("c");
        assertThat(c.kind()).isEqualTo(Kind.CATEGORICAL);
        assertThat(c.rows()).isEqualTo(5);
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.distinctApprox()).isEqualTo(3);
        // the 2 most frequent: a (2), then b and c tie (1 each) and b comes first by name; c is "other"
        assertThat(c.topCategories()).containsExactly("a", "b");
        assertThat(c.topCategoryCounts()).containsExactly(2L, 1L);
        assertThat(c.otherCount()).isEqualTo(1);
        assertThat(c.min()).isNull();
    }

    @Test
    void theReferenceBuiltFromTheStoredProfileEqualsTheOneFittedOnTheRows() {
        DataProfile profile = DataProfile.compute(rows(), List.of("x"), List.of("c"), 2);
        List<Row> stored = spark.createDataFrame(profile.toRows("lake/features", 3, "train"), DataProfile.ROW_SCHEMA).collectAsList();

        ReferenceProfile fromProfile = ReferenceProfile.fromProfile(DataProfile.fromRows(stored));

        assertThat(stored).allSatisfy(row -> {
            assertThat(row.<String>getAs("table")).isEqualTo("lake/features");
            assertThat(row.<Long>getAs("version")).isEqualTo(3L);
            assertThat(row.<String>getAs("split")).isEqualTo("train");
        });
        assertThat(fromProfile).isEqualTo(ReferenceProfile.fit(rows(), List.of("x"), List.of("c"), 2));
        assertThat(fromProfile.feature("x").counts()).containsExactly(1L, 3L, 1L);
        assertThat(fromProfile.feature("c").counts()).containsExactly(2L, 1L, 1L, 1L);
    }
}
