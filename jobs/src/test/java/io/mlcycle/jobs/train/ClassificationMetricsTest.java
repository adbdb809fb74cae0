package io.mlcycle.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.platform.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final StructType SCHEMA = new StructType()
            .add("probability", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(ClassificationMetricsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void matchesHandComputedConfusionCountsAndAuc() {
        // positive-class probabilities and labels; threshold 0.5 predicts 1 for 0.9, 0.8, 0.6
        Dataset<Row> scored = scored(new double[] {0.9, 0.4, 0.35, 0.1, 0.8, 0.6}, new double[] {1, 1, 0, 0, 1, 0});

        ClassificationMetrics metrics = ClassificationMetrics.of(scored, 0.5);

        // TP = 2 (0.9, 0.8), FN = 1 (0.4), FP = 1 (0.6), TN = 2 (0.35, 0.1)
        assertThat(metrics.rows()).isEqualTo(6);
        assertThat(metrics.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metrics.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metrics.f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metrics.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        // AUC = share of (positive, negative) pairs ranked correctly: 0.9 beats 3, 0.4 beats 2, 0.8 beats 3 -> 8 of 9
        assertThat(metrics.aucRoc()).isCloseTo(8.0 / 9, within(1e-9));
    }

    @Test
    void reportsZeroPrecisionWhenNothingIsPredictedPositive() {
        ClassificationMetrics metrics = ClassificationMetrics.of(scored(new double[] {0.2, 0.3}, new double[] {1, 0}), 0.5);

        assertThat(metrics.precision()).isZero();
        assertThat(metrics.recall()).isZero();
        assertThat(metrics.f1()).isZero();
        assertThat(metrics.accuracy()).isEqualTo(0.5);
    }

    @Test
    void rejectsAnEmptyEvaluationSet() {
        assertThatThrownBy(() -> ClassificationMetrics.of(scored(new double[0], new double[0]), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot evaluate a model on no rows");
    }

    private static Dataset<Row> scored(double[] positiveProbability, double[] labels) {
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create(Vectors.dense(1 - positiveProbability[i], positiveProbability[i]), labels[i]));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
