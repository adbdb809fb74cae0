package io.mlcycle.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.platform.SparkTestSession;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static final ScoredColumns COLUMNS = ScoredColumns.defaults();
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(BootstrapTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void givesTheSameIntervalsForTheSameSeed() {
        Dataset<Row> scored = ScoredFrames.randomBinary(spark, 1_000, 3, 0);
        ChosenThreshold threshold = ChosenThreshold.fixed(0.5);

        BootstrapIntervals first = Bootstrap.binary(scored, COLUMNS, threshold, BootstrapSettings.defaults(42));
        BootstrapIntervals again = Bootstrap.binary(scored.repartition(3), COLUMNS, threshold, BootstrapSettings.defaults(42));
        BootstrapIntervals otherSeed = Bootstrap.binary(scored, COLUMNS, threshold, BootstrapSettings.defaults(43));

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed.intervals()).isNotEqualTo(first.intervals());
    }

    @Test
    void binaryIntervalsContainTheEstimates() {
        Dataset<Row> scored = ScoredFrames.randomBinary(spark, 1_000, 5, 0);
        BinaryEvaluation evaluation = BinaryMetrics.evaluate(scored, COLUMNS, ChosenThreshold.fixed(0.5));

        BootstrapIntervals intervals = Bootstrap.binary(scored, COLUMNS, ChosenThreshold.fixed(0.5), BootstrapSettings.defaults(7));

        assertThat(intervals.intervals()).extracting(ConfidenceInterval::metric)
                .containsExactly("auc_roc", "auc_pr", "log_loss", "brier", "f1", "accuracy");
        assertThat(intervals.interval("auc_roc").orElseThrow().estimate()).isEqualTo(evaluation.aucRoc());
        assertThat(intervals.interval("log_loss").orElseThrow().estimate()).isEqualTo(evaluation.logLoss());
        assertContainEstimates(intervals, 200);
        assertThat(intervals.resampledRows()).isEqualTo(1_000);
    }

    @Test
    void intervalsNarrowWithMoreRows() {
        BootstrapSettings settings = BootstrapSettings.defaults(9);

        BootstrapIntervals few = Bootstrap.binary(ScoredFrames.randomBinary(spark, 200, 13, 0), COLUMNS,
                ChosenThreshold.fixed(0.5), settings);
        BootstrapIntervals many = Bootstrap.binary(ScoredFrames.randomBinary(spark, 5_000, 13, 0), COLUMNS,
                ChosenThreshold.fixed(0.5), settings);

        // the standard error falls like 1 / sqrt(rows): 25 times the rows, about a fifth of the width
        for (String metric : new String[] {"auc_roc", "auc_pr", "log_loss", "f1", "accuracy"}) {
            assertThat(many.interval(metric).orElseThrow().width()).as(metric)
                    .isLessThan(few.interval(metric).orElseThrow().width() / 2);
        }
    }

    @Test
    void multiclassIntervalsContainTheEstimates() {
        Random random = new Random(19);
        int rows = 600;
        double[] labels = new double[rows];
        double[] predictions = new double[rows];
        double[][] probabilities = new double[rows][];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(3);
            predictions[i] = random.nextDouble() < 0.7 ? labels[i] : random.nextInt(3);
            probabilities[i] = new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3};
        }
        Dataset<Row> scored = ScoredFrames.multiclass(spark, labels, predictions, probabilities);

        BootstrapIntervals intervals = Bootstrap.multiclass(scored, COLUMNS, BootstrapSettings.defaults(21));

        assertThat(intervals.intervals()).extracting(ConfidenceInterval::metric).containsExactly("accuracy", "f1_macro", "f1_weighted");
        assertThat(intervals.interval("accuracy").orElseThrow().estimate())
                .isEqualTo(MulticlassMetrics.evaluate(scored, COLUMNS).accuracy());
        assertContainEstimates(intervals, 200);
    }

    @Test
    void regressionIntervalsContainTheEstimatesAndNarrowWithMoreRows() {
        BootstrapSettings settings = new BootstrapSettings(300, 0.9, 5, 1_000_000);

        BootstrapIntervals few = Bootstrap.regression(randomRegression(200, 37), COLUMNS, 1e-9, settings);
        BootstrapIntervals many = Bootstrap.regression(randomRegression(5_000, 37), COLUMNS, 1e-9, settings);

        RegressionEvaluation evaluation = RegressionMetrics.evaluate(randomRegression(200, 37), COLUMNS);
        assertThat(few.interval("rmse").orElseThrow().estimate()).isCloseTo(evaluation.rmse(), within(1e-9));
        assertThat(few.interval("r2").orElseThrow().estimate()).isCloseTo(evaluation.r2(), within(1e-9));
        assertThat(few.interval("median_absolute_error").orElseThrow().estimate())
                .isCloseTo(evaluation.medianAbsoluteError(), within(1e-9));
        assertContainEstimates(few, 300);
        assertContainEstimates(many, 300);
        for (String metric : new String[] {"rmse", "mae", "r2", "median_absolute_error"}) {
            assertThat(many.interval(metric).orElseThrow().width()).as(metric)
                    .isLessThan(few.interval(metric).orElseThrow().width() / 2);
        }
        assertThat(few.interval("rmse").orElseThrow().level()).isEqualTo(0.9);
    }

    @Test
    void resamplesACappedSampleOfALargeRegression() {
        BootstrapIntervals intervals = Bootstrap.regression(randomRegression(3_000, 41), COLUMNS, 1e-9,
                new BootstrapSettings(50, 0.95, 1, 1_000));

        assertThat(intervals.resampledRows()).isBetween(1L, 1_000L);
        assertThat(intervals.asMetrics("test_")).containsKeys("test_rmse_ci_lower", "test_rmse_ci_upper");
    }

    @Test
    void drawsPoissonOneWeights() {
        SplittableRandom random = new SplittableRandom(1);
        int draws = 200_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            int k = Poisson.unitDraw(random);
            sum += k;
            squares += (double) k * k;
        }
        double mean = sum / draws;
        // Poisson(1): mean 1, variance 1; the standard error of the mean is 1 / sqrt(200,000) = 0.0022
        assertThat(mean).isCloseTo(1.0, within(0.01));
        assertThat(squares / draws - mean * mean).isCloseTo(1.0, within(0.02));
    }

    @Test
    void takesQuantilesBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};

        // position q * (n - 1): 0.1 * 4 = 0.4 -> 1 + 0.4 * (2 - 1); 0.5 * 4 = 2 -> 3
        assertThat(Bootstrap.quantile(sorted, 0.1)).isCloseTo(1.4, within(1e-12));
        assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(3.0);
        assertThat(Bootstrap.quantile(sorted, 1.0)).isEqualTo(5.0);
    }

    @Test
    void rejectsALevelOutsideZeroAndOne() {
        assertThatThrownBy(() -> new BootstrapSettings(200, 95, 1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot build intervals at confidence level: 95.0");
    }

    private static void assertContainEstimates(BootstrapIntervals intervals, int replicates) {
        for (ConfidenceInterval interval : intervals.intervals()) {
            assertThat(interval.lower()).as(interval.metric()).isLessThanOrEqualTo(interval.estimate());
            assertThat(interval.upper()).as(interval.metric()).isGreaterThanOrEqualTo(interval.estimate());
            assertThat(interval.lower()).as(interval.metric()).isLessThan(interval.upper());
            assertThat(interval.replicates()).as(interval.metric()).isEqualTo(replicates);
        }
    }

    private static Dataset<Row> randomRegression(int rows, long seed) {
        Random random = new Random(seed);
        double[] labels = new double[rows];
        double[] predictions = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = 20 + 4 * random.nextGaussian();
            predictions[i] = labels[i] + random.nextGaussian();
        }
        return ScoredFrames.regression(spark, labels, predictions);
    }
}
