package io.mlcycle.jobs.evaluate.fairness;

import static io.mlcycle.jobs.evaluate.fairness.ScoredFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
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

class FairnessMetricsTest {
    private static final double EPS = 1e-12;
    private static SparkSession spark;
    private static Dataset<Row> scored;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(FairnessMetricsTest.class);
        // threshold 0.5; minimum group size 3
        scored = ScoredFixtures.scored(spark, List.of(
                // a: predicted .9 .8 .7 -> selection 3/5; positives .9 .8 .2 -> TPR 2/3
                row("a", null, 0.9, 1), row("a", null, 0.8, 1), row("a", null, 0.2, 1), row("a", null, 0.7, 0), row("a", null, 0.1, 0),
                // b: predicted .6 -> selection 1/4; its one positive (.6) found -> TPR 1
                row("b", null, 0.6, 1), row("b", null, 0.4, 0), row("b", null, 0.3, 0), row("b", null, 0.2, 0),
                // c: no positives -> no TPR; predicted .9 -> selection 1/4
                row("c", null, 0.9, 0), row("c", null, 0.1, 0), row("c", null, 0.1, 0), row("c", null, 0.1, 0),
                // d: 2 rows, too small; selection 1 would widen the parity gap to 0.75 if it counted
                row("d", null, 0.9, 1), row("d", null, 0.9, 0)));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void computesGapsOverGroupsLargeEnoughAndWithPositives() {
        FairnessReport report = FairnessMetrics.of(scored, List.of("region"), 0.5, 3).get(0);

        assertThat(report.groups()).extracting(GroupRates::group).containsExactly("a", "b", "c", "d");
        assertThat(report.groups()).extracting(GroupRates::selectionRate).containsExactly(0.6, 0.25, 0.25, 1.0);
        assertThat(report.groups().get(0).truePositiveRate().getAsDouble()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(report.groups().get(2).truePositiveRate()).isEmpty();
        assertThat(report.groups().get(3).comparable()).isFalse();
        // a, b, c compared: parity 0.6 - 0.25; opportunity over a and b: 1 - 2/3; impact 0.25 / 0.6
        assertThat(report.demographicParityDifference().getAsDouble()).isCloseTo(0.35, within(EPS));
        assertThat(report.equalOpportunityDifference().getAsDouble()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(report.disparateImpactRatio().getAsDouble()).isCloseTo(5.0 / 12, within(EPS));
        assertThat(report.notes()).containsExactly(
                "group 'c' has no positive labels: left out of the equal opportunity difference",
                "group 'd' (2 rows) is reported but left out of the gaps: fewer than 3 rows");
    }

    @Test
    void namesMetricsForMlflow() {
        Map<String, Double> metrics = FairnessMetrics.of(scored, List.of("region"), 0.5, 3).get(0).asMetrics("");

        assertThat(metrics.get("fairness_region_demographic_parity_difference")).isCloseTo(0.35, within(EPS));
        assertThat(metrics.get("fairness_region_equal_opportunity_difference")).isCloseTo(1.0 / 3, within(EPS));
        assertThat(metrics.get("fairness_region_disparate_impact_ratio")).isCloseTo(5.0 / 12, within(EPS));
        assertThat(metrics).containsEntry("fairness_region_groups_compared", 3.0)
                .containsEntry("fairness_region_group_d_selection_rate", 1.0)
                .containsEntry("fairness_region_group_b_true_positive_rate", 1.0)
                .doesNotContainKey("fairness_region_group_c_true_positive_rate");
    }

    @Test
    void withAllGroupsLargeTheSmallGroupWidensTheGaps() {
        FairnessReport report = FairnessMetrics.of(scored, List.of("region"), 0.5, 1).get(0);

        // d counts now: parity 1.0 - 0.25, impact 0.25 / 1.0; opportunity over a, b, d: 1 - 2/3
        assertThat(report.demographicParityDifference().getAsDouble()).isCloseTo(0.75, within(EPS));
        assertThat(report.disparateImpactRatio().getAsDouble()).isCloseTo(0.25, within(EPS));
        assertThat(report.equalOpportunityDifference().getAsDouble()).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void aHigherThresholdChangesWhoIsSelected() {
        // threshold 0.85: a selects .9 (1/5), b none, c .9 (1/4) -> parity 0.25 - 0; impact 0 / 0.25
        FairnessReport report = FairnessMetrics.of(scored, List.of("region"), 0.85, 3).get(0);

        assertThat(report.demographicParityDifference().getAsDouble()).isCloseTo(0.25, within(EPS));
        assertThat(report.disparateImpactRatio()).hasValue(0.0);
    }
}
