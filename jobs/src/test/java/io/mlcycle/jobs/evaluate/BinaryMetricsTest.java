package io.mlcycle.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.platform.SparkTestSession;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    private static final ScoredColumns COLUMNS = ScoredColumns.defaults();
    private static final double EXACT = 1e-12;
    private static SparkSession spark;

    /*
     * The hand fixture: 4 positives, 4 negatives, one tie (0.6) between a positive and a negative.
     *   score  0.9 0.8 0.7 0.6 0.6 0.4 0.3 0.1
     *   label   1   1   0   1   0   1   0   0
     * Per threshold t (predict positive when score >= t): TP FP FN TN | F1 = 2TP/(2TP+FP+FN) | Youden = TP/4 - FP/4
     *   above 0.9  0 0 4 4 | 0    | 0
     *   0.9        1 0 3 4 | 2/5  | 0.25
     *   0.8        2 0 2 4 | 2/3  | 0.5
     *   0.7        2 1 2 3 | 4/7  | 0.25
     *   0.6        3 2 1 2 | 2/3  | 0.25
     *   0.4        4 2 0 2 | 4/5  | 0.5
     *   0.3        4 3 0 1 | 8/11 | 0.25
     *   0.1        4 4 0 0 | 2/3  | 0
     */
    private static final double[] LABELS = {1, 1, 0, 1, 0, 1, 0, 0};
    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.6, 0.4, 0.3, 0.1};

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(BinaryMetricsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void matchesHandComputedThresholdFreeMetrics() {
        BinaryEvaluation evaluation = BinaryMetrics.evaluate(fixture(), COLUMNS, ChosenThreshold.fixed(0.5));

        // AUC-ROC: of 16 (positive, negative) pairs, 0.9 and 0.8 outrank all 4 negatives, 0.6 outranks 2 and ties 1
        // (counts 1/2), 0.4 outranks 2: (4 + 4 + 2.5 + 2) / 16
        assertThat(evaluation.aucRoc()).isCloseTo(12.5 / 16, within(EXACT));
        // average precision: recall steps of 1/4 at 0.9 (precision 1/1), 0.8 (2/2), 0.6 (3/5), 0.4 (4/6)
        assertThat(evaluation.aucPr()).isCloseTo(0.25 * (1 + 1 + 3.0 / 5 + 4.0 / 6), within(EXACT)).isCloseTo(49.0 / 60, within(EXACT));
        // log loss: -(ln .9 + ln .8 + ln .3 + ln .6 + ln .4 + ln .4 + ln .7 + ln .9) / 8 = 4.3379194 / 8
        assertThat(evaluation.logLoss()).isCloseTo(0.5422399, within(1e-7));
        // Brier: (.01 + .04 + .49 + .16 + .36 + .36 + .09 + .01) / 8 = 1.52 / 8
        assertThat(evaluation.brierScore()).isCloseTo(0.19, within(EXACT));
        assertThat(evaluation.rows()).isEqualTo(8);
    }

    @Test
    void matchesHandComputedConfusionMetricsAtTheThreshold() {
        BinaryEvaluation evaluation = BinaryMetrics.evaluate(fixture(), COLUMNS, ChosenThreshold.fixed(0.5));

        // at 0.5: TP = 3 (0.9, 0.8, 0.6), FP = 2 (0.7, 0.6), FN = 1 (0.4), TN = 2 (0.3, 0.1)
        assertThat(evaluation.confusion()).isEqualTo(new ConfusionCounts(3, 2, 1, 2));
        assertThat(evaluation.accuracy()).isCloseTo(5.0 / 8, within(EXACT));
        // class 1: precision 3/5, recall 3/4, F1 2 * .6 * .75 / 1.35 = 2/3
        assertThat(evaluation.precision()).isCloseTo(0.6, within(EXACT));
        assertThat(evaluation.recall()).isCloseTo(0.75, within(EXACT));
        assertThat(evaluation.f1()).isCloseTo(2.0 / 3, within(EXACT));
        // class 0: precision TN / (TN + FN) = 2/3, recall TN / N = 1/2, F1 = (2/3) / (7/6) = 4/7
        assertThat(evaluation.negativeClass().precision()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(evaluation.negativeClass().recall()).isCloseTo(0.5, within(EXACT));
        assertThat(evaluation.negativeClass().f1()).isCloseTo(4.0 / 7, within(EXACT));
        // macro: (0.6 + 2/3) / 2 = 19/30, (3/4 + 1/2) / 2 = 5/8, (2/3 + 4/7) / 2 = 13/21; weighted equal (4 and 4 rows)
        assertThat(evaluation.precisionMacro()).isCloseTo(19.0 / 30, within(EXACT));
        assertThat(evaluation.recallMacro()).isCloseTo(5.0 / 8, within(EXACT));
        assertThat(evaluation.f1Macro()).isCloseTo(13.0 / 21, within(EXACT));
        assertThat(evaluation.f1Weighted()).isCloseTo(13.0 / 21, within(EXACT));
    }

    @Test
    void weightsClassAveragesBySupport() {
        // labels 1 1 1 0, scores .9 .8 .2 .7; at 0.5: TP 2, FP 1, FN 1, TN 0
        Dataset<Row> scored = ScoredFrames.binary(spark, new double[] {1, 1, 1, 0}, new double[] {0.9, 0.8, 0.2, 0.7});

        BinaryEvaluation evaluation = BinaryMetrics.evaluate(scored, COLUMNS, ChosenThreshold.fixed(0.5));

        // class 1: P 2/3, R 2/3, F1 2/3 (support 3); class 0: P 0/1 = 0, R 0, F1 0 (support 1)
        // weighted F1 = (3 * 2/3 + 1 * 0) / 4 = 1/2; macro F1 = (2/3 + 0) / 2 = 1/3
        assertThat(evaluation.f1Weighted()).isCloseTo(0.5, within(EXACT));
        assertThat(evaluation.f1Macro()).isCloseTo(1.0 / 3, within(EXACT));
        assertThat(evaluation.precisionWeighted()).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void choosesTheThresholdOfHighestF1() {
        ChosenThreshold chosen = BinaryMetrics.chooseThreshold(fixture(), COLUMNS, ThresholdRule.maxF1());

        // from the table above: F1 4/5 at 0.4 is the highest
        assertThat(chosen.threshold()).isEqualTo(0.4);
        assertThat(chosen.criterionValue()).isCloseTo(0.8, within(EXACT));
        assertThat(chosen.criterion()).isEqualTo(ThresholdRule.Criterion.MAX_F1);
    }

    @Test
    void breaksYoudenTiesTowardsTheLowestThreshold() {
        ChosenThreshold chosen = BinaryMetrics.chooseThreshold(fixture(), COLUMNS, ThresholdRule.maxYouden());

        // J = 0.5 at both 0.8 (2/4 - 0/4) and 0.4 (4/4 - 2/4): the lower, 0.4, wins
        assertThat(chosen.threshold()).isEqualTo(0.4);
        assertThat(chosen.criterionValue()).isCloseTo(0.5, within(EXACT));
    }

    @Test
    void choosesTheThresholdOfLowestMeanCost() {
        // equal costs: (FP + FN) / 8 is 2/8 at 0.8 and at 0.4, 3/8 or more elsewhere -> the lower, 0.4
        ChosenThreshold equalCosts = BinaryMetrics.chooseThreshold(fixture(), COLUMNS, ThresholdRule.minCost(1, 1));
        // false positives 5 times as costly: (5 FP + FN) / 8 is 2/8 at 0.8, 3/8 at 0.9, 7/8 at 0.7, 10/8 at 0.4
        ChosenThreshold costlyFalsePositives = BinaryMetrics.chooseThreshold(fixture(), COLUMNS, ThresholdRule.minCost(5, 1));
        // false negatives free: cost FP / 8 is 0 above 0.9, at 0.9 and at 0.8 -> the lowest of them, 0.8
        ChosenThreshold freeFalseNegatives = BinaryMetrics.chooseThreshold(fixture(), COLUMNS, ThresholdRule.minCost(1, 0));

        assertThat(equalCosts.threshold()).isEqualTo(0.4);
        assertThat(equalCosts.criterionValue()).isCloseTo(0.25, within(EXACT));
        assertThat(costlyFalsePositives.threshold()).isEqualTo(0.8);
        assertThat(costlyFalsePositives.criterionValue()).isCloseTo(0.25, within(EXACT));
        assertThat(freeFalseNegatives.threshold()).isEqualTo(0.8);
        assertThat(freeFalseNegatives.criterionValue()).isZero();
    }

    @Test
    void choosesToPredictNothingPositiveWhenThatIsCheapest() {
        // the highest score is a negative: with only false positives costing, predicting nothing costs 0, 0.9 costs 1/3
        Dataset<Row> scored = ScoredFrames.binary(spark, new double[] {0, 1, 0}, new double[] {0.9, 0.5, 0.1});

        ChosenThreshold chosen = BinaryMetrics.chooseThreshold(scored, COLUMNS, ThresholdRule.minCost(1, 0));

        assertThat(chosen.threshold()).isEqualTo(Math.nextUp(0.9));
        assertThat(chosen.criterionValue()).isZero();
    }

    @Test
    void keepsAFixedThreshold() {
        ChosenThreshold chosen = BinaryMetrics.chooseThreshold(fixture(), COLUMNS, ThresholdRule.fixed(0.35));

        assertThat(chosen.threshold()).isEqualTo(0.35);
        assertThat(chosen.criterionValue()).isNaN();
    }

    @Test
    void namesMetricsForMlflow() {
        BinaryEvaluation evaluation = BinaryMetrics.evaluate(fixture(), COLUMNS,
                BinaryMetrics.chooseThreshold(fixture(), COLUMNS, ThresholdRule.maxF1()));

        Map<String, Double> metrics = evaluation.asMetrics("test_");

        assertThat(metrics).containsKeys("test_f1_macro", "test_auc_pr", "test_auc_roc", "test_log_loss", "test_brier",
                "test_f1_class_1", "test_f1_class_0", "test_precision_weighted", "test_threshold", "test_tp");
        assertThat(metrics.get("test_threshold")).isEqualTo(0.4);
        // at 0.4: TP 4, FP 2, FN 0, TN 2 -> F1 of class 1 = 8 / 10
        assertThat(metrics.get("test_f1_class_1")).isCloseTo(0.8, within(EXACT));
        assertThat(metrics.keySet()).allMatch(key -> key.matches("test_[a-z0-9_]+"));
    }

    @Test
    void leavesUndefinedAreasOutOfTheMetrics() {
        Dataset<Row> onlyNegatives = ScoredFrames.binary(spark, new double[] {0, 0}, new double[] {0.2, 0.7});

        BinaryEvaluation evaluation = BinaryMetrics.evaluate(onlyNegatives, COLUMNS, ChosenThreshold.fixed(0.5));

        assertThat(evaluation.aucRoc()).isNaN();
        assertThat(evaluation.aucPr()).isNaN();
        assertThat(evaluation.asMetrics("test_")).doesNotContainKeys("test_auc_roc", "test_auc_pr").containsKey("test_log_loss");
    }

    @Test
    void rejectsLabelsOtherThanZeroAndOne() {
        Dataset<Row> scored = ScoredFrames.binary(spark, new double[] {0, 1, 2}, new double[] {0.2, 0.7, 0.9});

        assertThatThrownBy(() -> BinaryMetrics.evaluate(scored, COLUMNS, ChosenThreshold.fixed(0.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot evaluate binary classification: 1 rows have a label other than 0 or 1");
    }

    @Test
    void refusesToChooseByF1WithoutBothClasses() {
        Dataset<Row> onlyPositives = ScoredFrames.binary(spark, new double[] {1, 1}, new double[] {0.2, 0.7});

        assertThatThrownBy(() -> BinaryMetrics.chooseThreshold(onlyPositives, COLUMNS, ThresholdRule.maxF1()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot choose a threshold by max-f1: the validation set has 2 positive and 0 negative rows");
    }

    @Test
    void parsesCriteriaByTheirConfigNames() {
        assertThat(ThresholdRule.Criterion.fromConfigName("max-youden")).isEqualTo(ThresholdRule.Criterion.MAX_YOUDEN);
        assertThatThrownBy(() -> ThresholdRule.Criterion.fromConfigName("max_f1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot choose a threshold by criterion: max_f1. Use one of [max-f1, max-youden, min-cost, fixed].");
        assertThatThrownBy(() -> ThresholdRule.fixed(1.5))
                .hasMessageContaining("Cannot use fixed threshold: 1.5");
    }

    private static Dataset<Row> fixture() {
        return ScoredFrames.binary(spark, LABELS, SCORES);
    }
}
