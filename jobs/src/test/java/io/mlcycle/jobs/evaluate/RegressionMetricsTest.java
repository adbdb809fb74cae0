package io.mlcycle.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.platform.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    private static final ScoredColumns COLUMNS = ScoredColumns.defaults();
    private static final double EXACT = 1e-12;
    private static SparkSession spark;

    /*
     * The hand fixture:
     *   label       3    -0.5   2    7    0    4
     *   prediction  2.5  -0.3   2    8    0.9  3
     *   error      -0.5   0.2   0    1    0.9 -1     sum of squares 3.1, sum of absolutes 3.6
     *   |e|/|label| 1/6   0.4   0    1/7  (label 0: excluded)  1/4
     * Labels: sum 15.5, sum of squares 78.25 -> total sum of squares 78.25 - 15.5^2 / 6 = 38.2083333
     * Sorted |e|: 0, 0.2, 0.5, 0.9, 1, 1 -> median (0.5 + 0.9) / 2 = 0.7
     */
    private static final double[] LABELS = {3, -0.5, 2, 7, 0, 4};
    private static final double[] PREDICTIONS = {2.5, -0.3, 2, 8, 0.9, 3};

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(RegressionMetricsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void matchesHandComputedMetrics() {
        RegressionEvaluation evaluation = RegressionMetrics.evaluate(fixture(), COLUMNS);

        assertThat(evaluation.rows()).isEqualTo(6);
        // sqrt(3.1 / 6) = 0.7187953
        assertThat(evaluation.rmse()).isCloseTo(0.7187953, within(1e-7));
        assertThat(evaluation.mae()).isCloseTo(0.6, within(EXACT));
        // 1 - 3.1 / 38.2083333 = 0.9188659
        assertThat(evaluation.r2()).isCloseTo(0.9188659, within(1e-7));
        assertThat(evaluation.medianAbsoluteError()).isCloseTo(0.7, within(EXACT));
    }

    @Test
    void leavesZeroLabelsOutOfMape() {
        RegressionEvaluation evaluation = RegressionMetrics.evaluate(fixture(), COLUMNS);

        // (1/6 + 0.4 + 0 + 1/7 + 1/4) / 5 = 0.9595238 / 5
        assertThat(evaluation.mape()).isCloseTo(0.1919048, within(1e-7));
        assertThat(evaluation.mapeExcludedRows()).isEqualTo(1);
        assertThat(evaluation.mapeUndefinedReason()).isEmpty();
    }

    @Test
    void reportsWhyMapeIsUndefinedWhenEveryLabelIsNearZero() {
        Dataset<Row> scored = ScoredFrames.regression(spark, new double[] {0, 0, 1e-12}, new double[] {1, -1, 0.5});

        RegressionEvaluation evaluation = RegressionMetrics.evaluate(scored, COLUMNS);

        assertThat(evaluation.mape()).isNaN();
        assertThat(evaluation.mapeExcludedRows()).isEqualTo(3);
        assertThat(evaluation.mapeUndefinedReason()).hasValue(
                "MAPE is undefined: all 3 rows have |label| < 1.0E-9, and a percentage error divides by the label");
        assertThat(evaluation.asMetrics("test_")).doesNotContainKey("test_mape").containsEntry("test_mape_excluded_rows", 3.0);
    }

    @Test
    void namesMetricsForMlflow() {
        assertThat(RegressionMetrics.evaluate(fixture(), COLUMNS).asMetrics("test_")).containsKeys("test_rmse", "test_mae",
                "test_r2", "test_mape", "test_median_absolute_error", "test_rows");
    }

    @Test
    void rejectsANonPositiveEpsilon() {
        assertThatThrownBy(() -> RegressionMetrics.evaluate(fixture(), COLUMNS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot exclude near-zero labels from MAPE with epsilon: 0.0");
    }

    private static Dataset<Row> fixture() {
        return ScoredFrames.regression(spark, LABELS, PREDICTIONS);
    }
}
