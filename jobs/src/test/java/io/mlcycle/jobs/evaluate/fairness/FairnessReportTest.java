package io.mlcycle.jobs.evaluate.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FairnessReportTest {
    @Test
    void definesTheImpactRatioAsOneWhenNoGroupIsSelected() {
        // 0/0: nobody selected anywhere, every group treated alike
        FairnessReport report = FairnessReport.of("sex", 1, List.of(group(1, "f", 10, 4, 0, 0), group(1, "m", 8, 2, 0, 0)));

        assertThat(report.disparateImpactRatio()).hasValue(1.0);
        assertThat(report.demographicParityDifference()).hasValue(0.0);
        assertThat(report.equalOpportunityDifference()).hasValue(0.0);
    }

    @Test
    void leavesGapsEmptyWithFewerThanTwoGroupsToCompare() {
        FairnessReport report = FairnessReport.of("sex", 5, List.of(group(5, "f", 10, 4, 3, 2), group(5, "m", 4, 2, 1, 1)));

        assertThat(report.demographicParityDifference()).isEmpty();
        assertThat(report.equalOpportunityDifference()).isEmpty();
        assertThat(report.disparateImpactRatio()).isEmpty();
        assertThat(report.notes()).containsExactly(
                "group 'm' (4 rows) is reported but left out of the gaps: fewer than 5 rows",
                "demographic parity difference undefined: 1 group(s) to compare, two needed",
                "equal opportunity difference undefined: 1 group(s) to compare, two needed");
        assertThat(report.asMetrics("")).containsEntry("fairness_sex_groups_compared", 1.0)
                .doesNotContainKey("fairness_sex_demographic_parity_difference");
    }

    @Test
    void comparesTprOnlyWhereAGroupHasPositives() {
        // x: selection 2/4, TPR 1/2; y: selection 1/4, TPR 1/1; z: no positives, selection 3/4
        FairnessReport report = FairnessReport.of("race", 2,
                List.of(group(2, "x", 4, 2, 2, 1), group(2, "y", 4, 1, 1, 1), group(2, "z", 4, 0, 3, 0)));

        assertThat(report.demographicParityDifference()).hasValue(0.5); // 3/4 - 1/4
        assertThat(report.equalOpportunityDifference()).hasValue(0.5); // 1 - 1/2
        assertThat(report.disparateImpactRatio().getAsDouble()).isEqualTo(1.0 / 3); // (1/4) / (3/4)
    }

    @Test
    void rejectsGroupsBuiltWithAnotherMinimum() {
        assertThatThrownBy(() -> FairnessReport.of("sex", 5, List.of(new GroupRates("f", "f", new GroupCounts("f", 10, 4, 3, 2), 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot report fairness of 'sex': group 'f' was built with a minimum of 3 rows, the report with 5");
    }

    @Test
    void makesMetricKeysSafeAndUnique() {
        assertThat(MetricKeys.sanitize("South East/Coast (rural)")).isEqualTo("South_East_Coast_rural");
        assertThat(MetricKeys.sanitize("***")).isEqualTo("blank");
        assertThat(MetricKeys.uniqueKeys(List.of("a_b", "c", "a_b"))).containsExactly("a_b", "c", "a_b_2");
    }

    private static GroupRates group(long minRows, String name, long rows, long positives, long predictedPositives, long truePositives) {
        return new GroupRates(name, name, new GroupCounts(name, rows, positives, predictedPositives, truePositives), minRows);
    }
}
