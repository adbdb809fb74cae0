package io.mlcycle.jobs.evaluate;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.platform.SparkTestSession;
import java.util.Random;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metrics against MLlib's evaluators, the reference implementation, on larger seeded random fixtures. */
class MetricsAgainstMllibTest {
    private static final ScoredColumns COLUMNS = ScoredColumns.defaults();
    private static final double SAME = 1e-9;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(MetricsAgainstMllibTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aucRocMatchesMllibWithAndWithoutTiedScores() {
        // numBins 0: MLlib otherwise down-samples the curve to about 1,000 points once there are more distinct scores
        BinaryClassificationEvaluator mllib = new BinaryClassificationEvaluator()
                .setRawPredictionCol("probability").setMetricName("areaUnderROC").setNumBins(0);
        for (int decimals : new int[] {0, 1, 2}) {
            Dataset<Row> scored = ScoredFrames.randomBinary(spark, 2_000, 11 + decimals, decimals);

            BinaryEvaluation ours = BinaryMetrics.evaluate(scored, COLUMNS, ChosenThreshold.fixed(0.5));

            assertThat(ours.aucRoc()).as("AUC-ROC with scores rounded to %d decimals", decimals)
                    .isCloseTo(mllib.evaluate(scored), within(SAME));
        }
    }

    @Test
    void aucPrIsAveragePrecisionCloseToMllibsTrapezoid() {
        // MLlib joins the precision-recall points with straight lines (trapezoids, starting at (0, first precision));
        // we sum recall steps times precision (average precision, as scikit-learn does), which does not reward the
        // optimistic linear interpolation. Per curve step the two differ by (recall step) * (precision change) / 2, so
        // in total by at most (largest recall step) * (total variation of precision) / 2. Without ties a recall step is
        // 1/positives (about 1/800 here) and the total variation is a few units: well under 0.005.
        BinaryClassificationEvaluator mllib = new BinaryClassificationEvaluator()
                .setRawPredictionCol("probability").setMetricName("areaUnderPR").setNumBins(0);
        Dataset<Row> scored = ScoredFrames.randomBinary(spark, 2_000, 17, 0);

        BinaryEvaluation ours = BinaryMetrics.evaluate(scored, COLUMNS, ChosenThreshold.fixed(0.5));

        assertThat(ours.aucPr()).isCloseTo(mllib.evaluate(scored), within(0.005));
    }

    @Test
    void thresholdMetricsMatchMllibOnThresholdedPredictions() {
        Dataset<Row> scored = ScoredFrames.randomBinary(spark, 1_500, 23, 2);
        ChosenThreshold threshold = BinaryMetrics.chooseThreshold(scored, COLUMNS, ThresholdRule.maxF1());
        // our rule: positive when the score is at least the threshold
        Dataset<Row> predicted = scored.withColumn("prediction",
                when(vector_to_array(col("probability"), "float64").getItem(1).geq(lit(threshold.threshold())), 1.0).otherwise(0.0));

        BinaryEvaluation ours = BinaryMetrics.evaluate(scored, COLUMNS, threshold);

        assertThat(ours.accuracy()).isCloseTo(multiclass(predicted, "accuracy", 0), within(SAME));
        assertThat(ours.f1Weighted()).isCloseTo(multiclass(predicted, "f1", 0), within(SAME));
        assertThat(ours.precisionWeighted()).isCloseTo(multiclass(predicted, "weightedPrecision", 0), within(SAME));
        assertThat(ours.precision()).isCloseTo(multiclass(predicted, "precisionByLabel", 1), within(SAME));
        assertThat(ours.recall()).isCloseTo(multiclass(predicted, "recallByLabel", 1), within(SAME));
        assertThat(ours.f1()).isCloseTo(multiclass(predicted, "fMeasureByLabel", 1), within(SAME));
        assertThat(ours.negativeClass().f1()).isCloseTo(multiclass(predicted, "fMeasureByLabel", 0), within(SAME));
        assertThat(threshold.criterionValue()).isCloseTo(ours.f1(), within(SAME));
    }

    @Test
    void multiclassMetricsMatchMllib() {
        Dataset<Row> scored = randomMulticlass(900, 29);

        MulticlassEvaluation ours = MulticlassMetrics.evaluate(scored, COLUMNS);

        assertThat(ours.accuracy()).isCloseTo(multiclass(scored, "accuracy", 0), within(SAME));
        assertThat(ours.f1Weighted()).isCloseTo(multiclass(scored, "f1", 0), within(SAME));
        assertThat(ours.precisionWeighted()).isCloseTo(multiclass(scored, "weightedPrecision", 0), within(SAME));
        assertThat(ours.recallWeighted()).isCloseTo(multiclass(scored, "weightedRecall", 0), within(SAME));
        // MLlib clips only below (1e-15); clipping above at 1 - 1e-15 changes a loss by at most about 1e-15 per row
        assertThat(ours.logLoss()).isCloseTo(multiclass(scored, "logLoss", 0), within(SAME));
        for (ClassMetrics perClass : ours.perClass()) {
            double label = perClass.label();
            assertThat(perClass.precision()).isCloseTo(multiclass(scored, "precisionByLabel", label), within(SAME));
            assertThat(perClass.recall()).isCloseTo(multiclass(scored, "recallByLabel", label), within(SAME));
            assertThat(perClass.f1()).isCloseTo(multiclass(scored, "fMeasureByLabel", label), within(SAME));
        }
        assertThat(ours.perClass()).hasSize(3);
    }

    @Test
    void regressionMetricsMatchMllib() {
        Random random = new Random(31);
        double[] labels = new double[1_000];
        double[] predictions = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = 10 + 5 * random.nextGaussian();
            predictions[i] = labels[i] + 2 * random.nextGaussian() + 0.5;
        }
        Dataset<Row> scored = ScoredFrames.regression(spark, labels, predictions);

        RegressionEvaluation ours = RegressionMetrics.evaluate(scored, COLUMNS);

        RegressionEvaluator mllib = new RegressionEvaluator();
        assertThat(ours.rmse()).isCloseTo(mllib.setMetricName("rmse").evaluate(scored), within(SAME));
        assertThat(ours.mae()).isCloseTo(mllib.setMetricName("mae").evaluate(scored), within(SAME));
        assertThat(ours.r2()).isCloseTo(mllib.setMetricName("r2").evaluate(scored), within(SAME));
    }

    private static double multiclass(Dataset<Row> scored, String metric, double label) {
        return new MulticlassClassificationEvaluator()
                .setMetricName(metric)
                .setMetricLabel(label)
                .setProbabilityCol("probability")
                .evaluate(scored);
    }

    /** Three classes; probabilities a softmax of noisy logits that favour the true class; prediction the argmax. */
    private static Dataset<Row> randomMulticlass(int rows, long seed) {
        Random random = new Random(seed);
        double[] labels = new double[rows];
        double[] predictions = new double[rows];
        double[][] probabilities = new double[rows][3];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(3);
            double total = 0;
            for (int k = 0; k < 3; k++) {
                probabilities[i][k] = Math.exp((k == labels[i] ? 1.0 : 0.0) + random.nextGaussian());
                total += probabilities[i][k];
            }
            int best = 0;
            for (int k = 0; k < 3; k++) {
                probabilities[i][k] /= total;
                best = probabilities[i][k] > probabilities[i][best] ? k : best;
            }
            predictions[i] = best;
        }
        return ScoredFrames.multiclass(spark, labels, predictions, probabilities);
    }
}
