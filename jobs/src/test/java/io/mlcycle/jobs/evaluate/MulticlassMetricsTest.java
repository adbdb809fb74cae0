package io.mlcycle.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.platform.SparkTestSession;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MulticlassMetricsTest {
    private static final ScoredColumns COLUMNS = ScoredColumns.defaults();
    private static final double EXACT = 1e-12;
    private static SparkSession spark;

    /*
     * The hand fixture, 9 rows of 3 classes:
     *   row label prediction probability      p(label)  sum over classes of (p - indicator)^2
     *   1   0     0          [.7 .2 .1]       .7        .09 + .04 + .01 = .14
     *   2   0     1          [.3 .6 .1]       .3        .49 + .36 + .01 = .86
     *   3   0     0          [.5 .3 .2]       .5        .25 + .09 + .04 = .38
     *   4   1     1          [.1 .8 .1]       .8        .01 + .04 + .01 = .06
     *   5   1     2          [.2 .3 .5]       .3        .04 + .49 + .25 = .78
     *   6   1     1          [.2 .5 .3]       .5        .04 + .25 + .09 = .38
     *   7   2     2          [.1 .1 .8]       .8        .01 + .01 + .04 = .06
     *   8   2     1          [.3 .4 .3]       .3        .09 + .16 + .49 = .74
     *   9   1     1          [.1 .7 .2]       .7        .01 + .09 + .04 = .14
     * Confusion (rows true 0 1 2, columns predicted 0 1 2): [2 1 0], [0 3 1], [0 1 1]
     *   class 0: TP 2, predicted 2, support 3 -> P 1,   R 2/3, F1 0.8
     *   class 1: TP 3, predicted 5, support 4 -> P 3/5, R 3/4, F1 2/3
     *   class 2: TP 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2
     */
    private static final double[] LABELS = {0, 0, 0, 1, 1, 1, 2, 2, 1};
    private static final double[] PREDICTIONS = {0, 1, 0, 1, 2, 1, 2, 1, 1};
    private static final double[][] PROBABILITIES = {
        {.7, .2, .1}, {.3, .6, .1}, {.5, .3, .2}, {.1, .8, .1}, {.2, .3, .5}, {.2, .5, .3}, {.1, .1, .8}, {.3, .4, .3},
        {.1, .7, .2}
    };

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(MulticlassMetricsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void matchesHandComputedPerClassMetrics() {
        MulticlassEvaluation evaluation = MulticlassMetrics.evaluate(fixture(), COLUMNS);

        assertThat(evaluation.rows()).isEqualTo(9);
        // correct: 2 + 3 + 1 of 9
        assertThat(evaluation.accuracy()).isCloseTo(6.0 / 9, within(EXACT));
        assertThat(evaluation.perClass()).extracting(ClassMetrics::label).containsExactly(0.0, 1.0, 2.0);
        assertThat(evaluation.perClass()).extracting(ClassMetrics::support).containsExactly(3L, 4L, 2L);
        assertClass(evaluation.perClass().get(0), 1.0, 2.0 / 3, 0.8);
        assertClass(evaluation.perClass().get(1), 0.6, 0.75, 2.0 / 3);
        assertClass(evaluation.perClass().get(2), 0.5, 0.5, 0.5);
    }

    @Test
    void matchesHandComputedAverages() {
        MulticlassEvaluation evaluation = MulticlassMetrics.evaluate(fixture(), COLUMNS);

        // macro: (1 + .6 + .5) / 3 = 0.7; (2/3 + 3/4 + 1/2) / 3 = 23/36; (.8 + 2/3 + .5) / 3 = 59/90
        assertThat(evaluation.precisionMacro()).isCloseTo(0.7, within(EXACT));
        assertThat(evaluation.recallMacro()).isCloseTo(23.0 / 36, within(EXACT));
        assertThat(evaluation.f1Macro()).isCloseTo(59.0 / 90, within(EXACT));
        // weighted by support 3, 4, 2: (3 + 2.4 + 1) / 9; (2 + 3 + 1) / 9; (2.4 + 8/3 + 1) / 9 = 91/135
        assertThat(evaluation.precisionWeighted()).isCloseTo(6.4 / 9, within(EXACT));
        assertThat(evaluation.recallWeighted()).isCloseTo(6.0 / 9, within(EXACT));
        assertThat(evaluation.f1Weighted()).isCloseTo(91.0 / 135, within(EXACT));
    }

    @Test
    void matchesHandComputedLogLossAndBrier() {
        MulticlassEvaluation evaluation = MulticlassMetrics.evaluate(fixture(), COLUMNS);

        // log loss: -(2 ln .7 + 3 ln .3 + 2 ln .5 + 2 ln .8) / 9 = (0.7133499 + 3.6119184 + 1.3862944 + 0.4462871) / 9
        assertThat(evaluation.logLoss()).isCloseTo(6.1578498 / 9, within(1e-7));
        // Brier: (.14 + .86 + .38 + .06 + .78 + .38 + .06 + .74 + .14) / 9 = 3.54 / 9
        assertThat(evaluation.brierScore()).isCloseTo(3.54 / 9, within(EXACT));
    }

    @Test
    void countsTheConfusionMatrix() {
        ConfusionMatrix confusion = MulticlassMetrics.evaluate(fixture(), COLUMNS).confusion();

        assertThat(confusion.labels()).containsExactly(0.0, 1.0, 2.0);
        assertThat(confusion.counts()).containsExactly(List.of(2L, 1L, 0L), List.of(0L, 3L, 1L), List.of(0L, 1L, 1L));
        assertThat(confusion.count(2, 1)).isEqualTo(1);
    }

    @Test
    void clipsAZeroProbabilityOfTheTrueClass() {
        // one row, true class 1 given probability 0: the loss is -ln(1e-15) = 34.538776, not infinite
        Dataset<Row> scored = ScoredFrames.multiclass(spark, new double[] {1}, new double[] {0}, new double[][] {{1, 0}});

        assertThat(MulticlassMetrics.evaluate(scored, COLUMNS).logLoss()).isCloseTo(34.538776, within(1e-6));
    }

    @Test
    void namesMetricsForMlflow() {
        Map<String, Double> metrics = MulticlassMetrics.evaluate(fixture(), COLUMNS).asMetrics("test_");

        assertThat(metrics).containsKeys("test_accuracy", "test_f1_macro", "test_f1_weighted", "test_log_loss", "test_brier",
                "test_precision_class_0", "test_recall_class_1", "test_f1_class_2");
        assertThat(metrics.get("test_f1_class_0")).isCloseTo(0.8, within(EXACT));
    }

    @Test
    void rejectsALabelBeyondTheProbabilityVector() {
        Dataset<Row> scored = ScoredFrames.multiclass(spark, new double[] {0, 3}, new double[] {0, 1},
                new double[][] {{.6, .4}, {.3, .7}});

        assertThatThrownBy(() -> MulticlassMetrics.evaluate(scored, COLUMNS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot evaluate multiclass classification: 1 rows have a label that is not a class index");
    }

    private static void assertClass(ClassMetrics metrics, double precision, double recall, double f1) {
        assertThat(metrics.precision()).isCloseTo(precision, within(EXACT));
        assertThat(metrics.recall()).isCloseTo(recall, within(EXACT));
        assertThat(metrics.f1()).isCloseTo(f1, within(EXACT));
    }

    private static Dataset<Row> fixture() {
        return ScoredFrames.multiclass(spark, LABELS, PREDICTIONS, PROBABILITIES);
    }
}
