package io.mlcycle.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.common.dataset.DatasetSpec;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The preprocessing stages against hand-computed values: median imputation, standard scaling, one-hot with unseen values kept. */
class FeaturePipelinesTest {
    private static final DatasetSpec SPEC = new DatasetSpec("t", "id", "entity", "ts", "y", List.of("x"), List.of("c"));
    private static final StructType SCHEMA = new StructType().add("x", DataTypes.DoubleType).add("c", DataTypes.StringType);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("FeaturePipelinesTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void imputesScalesAndEncodesAsFittedOnTrainingRows() {
        // x = 1, 2, 3, 10 and one missing; c: "a" three times, "b" twice
        Dataset<Row> train = spark.createDataFrame(List.of(
                RowFactory.create(1.0, "a"), RowFactory.create(2.0, "a"), RowFactory.create(3.0, "b"),
                RowFactory.create(10.0, "a"), RowFactory.create(null, "b")), SCHEMA);
        PipelineModel fitted = FeaturePipelines.preprocessing(SPEC).fit(train);

        Dataset<Row> serving = spark.createDataFrame(List.of(RowFactory.create(null, "zzz"), RowFactory.create(10.0, "b")), SCHEMA);
        List<Row> rows = fitted.transform(serving).select(FeaturePipelines.FEATURES_COLUMN).collectAsList();

        // Imputer median of {1, 2, 3, 10}: Spark's approximate median picks an observed value, 2.0.
        // Imputed training column: 1, 2, 3, 10, 2 -> mean 3.6; sample std sqrt(((-2.6)^2 + (-1.6)^2 + (-0.6)^2 + 6.4^2 + (-1.6)^2) / 4) = sqrt(13.3)
        double mean = 3.6;
        double std = Math.sqrt(13.3);
        Vector missingAndUnseen = rows.get(0).getAs(0);
        Vector knownB = rows.get(1).getAs(0);
        assertThat(missingAndUnseen.apply(0)).isCloseTo((2.0 - mean) / std, within(1e-9));
        assertThat(knownB.apply(0)).isCloseTo((10.0 - mean) / std, within(1e-9));
        // c indexed by frequency: a -> 0, b -> 1, unseen -> 2 (StringIndexer keep). OneHotEncoder with keep adds its own
        // invalid category (3), which dropLast removes: 3 slots [a, b, unseen] after the 1 numeric slot.
        assertThat(missingAndUnseen.size()).isEqualTo(4);
        assertThat(new double[] {missingAndUnseen.apply(1), missingAndUnseen.apply(2), missingAndUnseen.apply(3)}).containsExactly(0.0, 0.0, 1.0);
        assertThat(new double[] {knownB.apply(1), knownB.apply(2), knownB.apply(3)}).containsExactly(0.0, 1.0, 0.0);
    }
}
