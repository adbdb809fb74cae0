package io.mlcycle.jobs.evaluate.fairness;

import static io.mlcycle.jobs.evaluate.fairness.ScoredFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.platform.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SlicedMetricsTest {
    private static final double EPS = 1e-12;
    private static SparkSession spark;
    private static Dataset<Row> scored;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(SlicedMetricsTest.class);
        // threshold 0.5, strict: 0.5 itself is predicted negative
        scored = ScoredFixtures.scored(spark, List.of(
                row("north", 25.0, 0.9, 1),   // 1
                row("north", 30.0, 0.7, 0),   // 2
                row("north", 45.0, 0.3, 1),   // 3
                row("north", 50.0, 0.2, 0),   // 4
                row("south", 29.9, 0.6, 0),   // 5
                row("south", 60.0, 0.4, 0),   // 6
                row("south", null, 0.8, 0),   // 7
                row(null, 70.0, 0.55, 1),     // 8
                row("east", 10.0, 0.5, 1),    // 9
                row("east", 35.0, 0.5, 0),    // 10
                row("east", 55.0, 0.8, 1),    // 11
                row("east", Double.NaN, 0.1, 0))); // 12
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void slicesACategoricalColumnWithHandComputedMetrics() {
        List<SliceMetrics> slices = SlicedMetrics.of(scored, List.of(SliceSpec.categorical("region")), 0.5, 2);

        assertThat(slices).extracting(SliceMetrics::slice).containsExactly("east", "north", "south", "(missing)");
        // east: p .5(1) .5(0) .8(1) .1(0); predicted positive only .8 -> TP 1, FN 1, FP 0, TN 2
        SliceMetrics east = slices.get(0);
        assertThat(east.rows()).isEqualTo(4);
        assertThat(east.labelPositiveRate()).isEqualTo(0.5);
        assertThat(east.predictedPositiveRate()).isEqualTo(0.25);
        assertThat(east.accuracy()).isEqualTo(0.75);
        assertThat(east.precision()).hasValue(1.0);
        assertThat(east.recall()).hasValue(0.5);
        assertThat(east.f1().getAsDouble()).isCloseTo(2.0 / 3, within(EPS)); // 2 * 1 * .5 / 1.5
        // pairs (pos, neg): (.5,.5) tie = 1/2, (.5,.1) 1, (.8,.5) 1, (.8,.1) 1 -> 3.5 / 4
        assertThat(east.aucRoc().getAsDouble()).isCloseTo(0.875, within(EPS));
        // north: .9(1) .7(0) .3(1) .2(0) -> TP 1 (.9), FP 1 (.7), FN 1 (.3), TN 1 (.2); pairs: .9>.7, .9>.2, .3>.2 of 4
        SliceMetrics north = slices.get(1);
        assertThat(north.accuracy()).isEqualTo(0.5);
        assertThat(north.precision()).hasValue(0.5);
        assertThat(north.recall()).hasValue(0.5);
        assertThat(north.f1().getAsDouble()).isCloseTo(0.5, within(EPS));
        assertThat(north.aucRoc().getAsDouble()).isCloseTo(0.75, within(EPS));
        assertThat(north.tooSmall()).isFalse();
        assertThat(north.notes()).isEmpty();
        // south: .6(0) .4(0) .8(0), no positives -> precision 0 of 2 predicted, recall, F1 and AUC undefined; TN 1
        SliceMetrics south = slices.get(2);
        assertThat(south.accuracy()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(south.precision()).hasValue(0.0);
        assertThat(south.recall()).isEmpty();
        assertThat(south.f1()).isEmpty();
        assertThat(south.aucRoc()).isEmpty();
        assertThat(south.notes()).contains("recall undefined: no positive labels",
                "auc_roc undefined: the slice has one class only (0 positive, 3 negative rows)");
        // the null region: one row, .55(1) -> TP 1; below the minimum of 2 rows
        SliceMetrics missing = slices.get(3);
        assertThat(missing.rows()).isEqualTo(1);
        assertThat(missing.tooSmall()).isTrue();
        assertThat(missing.precision()).hasValue(1.0);
        assertThat(missing.aucRoc()).isEmpty();
        assertThat(missing.notes()).contains("too small: 1 rows, fewer than the minimum of 2");
    }

    @Test
    void bucketsANumericColumnByEdgesWithEdgesInTheUpperBucket() {
        List<SliceMetrics> slices = SlicedMetrics.of(scored, List.of(SliceSpec.numeric("age", List.of(30.0, 50.0))), 0.5, 2);

        assertThat(slices).extracting(SliceMetrics::slice).containsExactly("< 30", "[30, 50)", ">= 50", "(missing)");
        assertThat(slices).extracting(SliceMetrics::key).containsExactly("lt_30", "30_to_50", "ge_50", "missing");
        // < 30: rows 1 (.9,1), 5 (.6,0), 9 (.5,1) -> TP 1, FP 1, FN 1, TN 0; pairs (.9,.6) yes, (.5,.6) no
        SliceMetrics young = slices.get(0);
        assertThat(young.rows()).isEqualTo(3);
        assertThat(young.accuracy()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(young.precision()).hasValue(0.5);
        assertThat(young.recall()).hasValue(0.5);
        assertThat(young.aucRoc().getAsDouble()).isCloseTo(0.5, within(EPS));
        // [30, 50): rows 2 (30: .7,0), 3 (.3,1), 10 (.5,0) -> TP 0, FP 1, FN 1, TN 1; F1 0 (precision and recall 0); AUC 0 of 2
        SliceMetrics middle = slices.get(1);
        assertThat(middle.rows()).isEqualTo(3);
        assertThat(middle.accuracy()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(middle.precision()).hasValue(0.0);
        assertThat(middle.recall()).hasValue(0.0);
        assertThat(middle.f1()).hasValue(0.0);
        assertThat(middle.aucRoc()).hasValue(0.0);
        // >= 50: rows 4 (50: .2,0), 6 (.4,0), 8 (.55,1), 11 (.8,1) -> all right, AUC 4 of 4
        SliceMetrics old = slices.get(2);
        assertThat(old.rows()).isEqualTo(4);
        assertThat(old.accuracy()).isEqualTo(1.0);
        assertThat(old.f1()).hasValue(1.0);
        assertThat(old.aucRoc()).hasValue(1.0);
        // null and NaN age: rows 7 (.8,0), 12 (.1,0) -> FP 1, TN 1
        SliceMetrics missing = slices.get(3);
        assertThat(missing.rows()).isEqualTo(2);
        assertThat(missing.accuracy()).isEqualTo(0.5);
        assertThat(missing.recall()).isEmpty();
        assertThat(missing.tooSmall()).isFalse();
    }

    @Test
    void namesMetricsSafelyAndLeavesUndefinedOnesOut() {
        List<SliceMetrics> slices = SlicedMetrics.of(scored,
                List.of(SliceSpec.categorical("region"), SliceSpec.numeric("age", List.of(30.0, 50.0))), 0.5, 2);
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        slices.forEach(slice -> metrics.putAll(slice.asMetrics("test_")));

        assertThat(metrics).containsEntry("test_slice_age_30_to_50_f1", 0.0)
                .containsEntry("test_slice_region_north_auc_roc", 0.75)
                .containsEntry("test_slice_region_missing_too_small", 1.0)
                .containsEntry("test_slice_region_south_rows", 3.0)
                .doesNotContainKey("test_slice_region_south_auc_roc")
                .doesNotContainKey("test_slice_region_south_recall");
        assertThat(metrics.keySet()).allMatch(key -> key.matches("[A-Za-z0-9_.-]+"));
    }

    @Test
    void rankAucMatchesMllibOnTiedScores() {
        // reference implementation: MLlib's evaluator (exact below its 1000 bins); scores rounded to one decimal to force ties
        Random random = new Random(11);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double label = random.nextDouble() < 0.4 ? 1 : 0;
            double p = Math.round(Math.min(1, Math.max(0, 0.35 + 0.3 * label + 0.25 * random.nextGaussian())) * 10) / 10.0;
            rows.add(row(i % 2 == 0 ? "even" : "odd", null, p, label));
        }
        Dataset<Row> many = ScoredFixtures.scored(spark, rows);
        BinaryClassificationEvaluator evaluator = new BinaryClassificationEvaluator().setRawPredictionCol("probability").setMetricName("areaUnderROC");

        List<SliceMetrics> slices = SlicedMetrics.of(many, List.of(SliceSpec.categorical("region")), 0.5, 1);

        assertThat(slices.get(0).aucRoc().getAsDouble()).isCloseTo(evaluator.evaluate(many.filter("region = 'even'")), within(1e-9));
        assertThat(slices.get(1).aucRoc().getAsDouble()).isCloseTo(evaluator.evaluate(many.filter("region = 'odd'")), within(1e-9));
    }

    @Test
    void rejectsEdgesThatDoNotIncrease() {
        assertThatThrownBy(() -> SliceSpec.numeric("age", List.of(50.0, 30.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot bucket column 'age' by edges [50.0, 30.0]: the edges must be finite and strictly increasing, e.g. [25, 40, 60].");
    }

    @Test
    void rejectsBucketsOnATextColumn() {
        assertThatThrownBy(() -> SlicedMetrics.of(scored, List.of(SliceSpec.numeric("region", List.of(1.0))), 0.5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot bucket column 'region' of type string: bucket edges need a numeric column.");
    }

    @Test
    void rejectsAMissingColumn() {
        assertThatThrownBy(() -> SlicedMetrics.of(scored, List.of(SliceSpec.categorical("channel")), 0.5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing columns [channel]");
    }
}
