package io.mlcycle.jobs.evaluate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.config.GateSettings.FairnessGap;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.evaluate.fairness.FairnessReport;
import io.mlcycle.jobs.evaluate.fairness.GroupCounts;
import io.mlcycle.jobs.evaluate.fairness.GroupRates;
import io.mlcycle.jobs.report.GateCheck;
import io.mlcycle.jobs.report.GateCheck.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {
    private static final GateSettings NOTHING = new GateSettings(Map.of(), Map.of(), 0.0, 0.0);

    /**
     * Region "north": 100 rows, 40 positives, 50 predicted positive, 30 of them right: selection rate 0.50, TPR 0.75.
     * Region "south": 100 rows, 40 positives, 20 predicted positive, 16 right: selection rate 0.20, TPR 0.40.
     * So demographic parity difference 0.30, equal opportunity difference 0.35, disparate impact ratio 0.40.
     */
    private static final FairnessReport REGION = FairnessReport.of("region", 30, List.of(
            new GroupRates("north", "north", new GroupCounts("north", 100, 40, 50, 30), 30),
            new GroupRates("south", "south", new GroupCounts("south", 100, 40, 20, 16), 30)));

    private static GateSettings bounds(Map<String, Double> bounds) {
        return new GateSettings(bounds, Map.of(), 0.0, 0.0);
    }

    private static GateCheck only(GateResult result, String name) {
        return result.checks().stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aMinimumMetIsPassedAndAMinimumMissedFailsTheGate() {
        Gate gate = new Gate(bounds(Map.of("auc-roc", 0.6)), TaskType.BINARY, "auc-roc");

        GateResult met = gate.check(Map.of("test_auc_roc", 0.8412), List.of(), Optional.empty());
        GateResult missed = gate.check(Map.of("test_auc_roc", 0.55), List.of(), Optional.empty());

        assertThat(met.passed()).isTrue();
        assertThat(met.tags()).containsEntry("mlcycle.gate", "passed")
                .containsEntry("mlcycle.gate.min-test-auc-roc", "passed: test auc-roc 0.8412 >= 0.6000")
                .containsEntry("mlcycle.gate.failures", "none");
        assertThat(missed.passed()).isFalse();
        assertThat(missed.tags()).containsEntry("mlcycle.gate", "failed")
                .containsEntry("mlcycle.gate.min-test-auc-roc", "failed: test auc-roc 0.5500 < 0.6000")
                .containsEntry("mlcycle.gate.failures", "min-test-auc-roc (test auc-roc 0.5500 < 0.6000)");
    }

    @Test
    void errorMetricsAreBoundedFromAbove() {
        Gate gate = new Gate(bounds(Map.of("rmse", 10.0)), TaskType.REGRESSION, "rmse");

        GateCheck tooLarge = only(gate.check(Map.of("test_rmse", 12.5), List.of(), Optional.empty()), "max-test-rmse");
        GateCheck small = only(gate.check(Map.of("test_rmse", 9.0), List.of(), Optional.empty()), "max-test-rmse");

        assertThat(tooLarge.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(tooLarge.detail()).isEqualTo("test rmse 12.5000 > 10.0000");
        assertThat(small.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(small.detail()).isEqualTo("test rmse 9.0000 <= 10.0000");
    }

    @Test
    void aMetricTheEvaluationCouldNotDefineFails() {
        Gate gate = new Gate(bounds(Map.of("auc-roc", 0.6)), TaskType.BINARY, "auc-roc");

        GateResult result = gate.check(Map.of("test_f1", 0.7), List.of(), Optional.empty());

        assertThat(result.passed()).isFalse();
        assertThat(only(result, "min-test-auc-roc").detail()).isEqualTo("test auc-roc is undefined on the test rows, so it cannot reach 0.6000");
    }

    @Test
    void multiclassF1IsTheWeightedOne() {
        Gate gate = new Gate(bounds(Map.of("f1", 0.5)), TaskType.MULTICLASS, "f1");

        GateResult result = gate.check(Map.of("test_f1_weighted", 0.52, "test_f1_macro", 0.45), List.of(), Optional.empty());

        assertThat(result.passed()).isTrue();
        assertThat(only(result, "min-test-f1").value()).isEqualTo(0.52);
    }

    @Test
    void aFairnessGapAboveItsMaximumFailsAndOneBelowPasses() {
        GateSettings settings = new GateSettings(Map.of(),
                Map.of(FairnessGap.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.25, FairnessGap.EQUAL_OPPORTUNITY_DIFFERENCE, 0.4), 0.0, 0.0);

        GateResult result = new Gate(settings, TaskType.BINARY, "auc-roc").check(Map.of("test_auc_roc", 0.8), List.of(REGION), Optional.empty());

        assertThat(result.passed()).isFalse();
        assertThat(result.tags())
                .containsEntry("mlcycle.gate.max-demographic-parity-difference.region", "failed: region demographic-parity-difference 0.3000 > 0.2500")
                .containsEntry("mlcycle.gate.max-equal-opportunity-difference.region", "passed: region equal-opportunity-difference 0.3500 <= 0.4000");
        assertThat(result.failures()).extracting(GateCheck::name).containsExactly("max-demographic-parity-difference.region");
    }

    @Test
    void disparateImpactBelowItsMinimumFails() {
        GateSettings strict = new GateSettings(Map.of(), Map.of(), 0.8, 0.0);
        GateSettings lenient = new GateSettings(Map.of(), Map.of(), 0.3, 0.0);

        GateCheck failed = only(new Gate(strict, TaskType.BINARY, "auc-roc").check(Map.of(), List.of(REGION), Optional.empty()),
                "min-disparate-impact-ratio.region");
        GateCheck passed = only(new Gate(lenient, TaskType.BINARY, "auc-roc").check(Map.of(), List.of(REGION), Optional.empty()),
                "min-disparate-impact-ratio.region");

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.detail()).isEqualTo("region disparate-impact-ratio 0.4000 < 0.8000");
        assertThat(passed.outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void anUndefinedGapIsSkippedWithTheReason() {
        FairnessReport oneGroup = FairnessReport.of("region", 30, List.of(
                new GroupRates("north", "north", new GroupCounts("north", 100, 40, 50, 30), 30),
                new GroupRates("south", "south", new GroupCounts("south", 10, 4, 2, 1), 30)));
        GateSettings settings = new GateSettings(Map.of(), Map.of(FairnessGap.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.1), 0.0, 0.0);

        GateResult result = new Gate(settings, TaskType.BINARY, "auc-roc").check(Map.of(), List.of(oneGroup), Optional.empty());

        GateCheck check = only(result, "max-demographic-parity-difference.region");
        assertThat(check.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(check.detail()).startsWith("region demographic-parity-difference is undefined: group 'south' (10 rows)")
                .contains("demographic parity difference undefined: 1 group(s) to compare, two needed");
        assertThat(result.passed()).isTrue();
    }

    @Test
    void fairnessBoundsOfATaskWithoutFairnessAreSkipped() {
        GateSettings settings = new GateSettings(Map.of(), Map.of(FairnessGap.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.1), 0.5, 0.0);

        GateResult result = new Gate(settings, TaskType.REGRESSION, "rmse").check(Map.of("test_rmse", 1.0), List.of(), Optional.empty());

        assertThat(result.tags())
                .containsEntry("mlcycle.gate.max-demographic-parity-difference", "skipped: fairness is measured for binary tasks only")
                .containsEntry("mlcycle.gate.min-disparate-impact-ratio", "skipped: fairness is measured for binary tasks only");
        assertThat(result.passed()).isTrue();
    }

    @Test
    void improvementOverTheChampionWhereLargerIsBetter() {
        Map<String, Double> candidate = Map.of("test_auc_roc", 0.85);
        Optional<Map<String, Double>> champion = Optional.of(Map.of("test_auc_roc", 0.84));

        GateCheck enough = only(new Gate(new GateSettings(Map.of(), Map.of(), 0, 0.005), TaskType.BINARY, "auc-roc")
                .check(candidate, List.of(), champion), "min-improvement");
        GateCheck tooLittle = only(new Gate(new GateSettings(Map.of(), Map.of(), 0, 0.02), TaskType.BINARY, "auc-roc")
                .check(candidate, List.of(), champion), "min-improvement");

        assertThat(enough.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(enough.value()).isCloseTo(0.01, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(enough.detail()).isEqualTo("test auc-roc 0.8500 vs champion 0.8400 (larger is better): improvement +0.0100 >= 0.0050");
        assertThat(tooLittle.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(tooLittle.detail()).endsWith("improvement +0.0100 < 0.0200");
    }

    @Test
    void improvementOverTheChampionWhereSmallerIsBetter() {
        Gate gate = new Gate(new GateSettings(Map.of(), Map.of(), 0, 0.5), TaskType.REGRESSION, "rmse");
        Optional<Map<String, Double>> champion = Optional.of(Map.of("test_rmse", 10.0));

        GateCheck better = only(gate.check(Map.of("test_rmse", 9.0), List.of(), champion), "min-improvement");
        GateCheck worse = only(gate.check(Map.of("test_rmse", 10.5), List.of(), champion), "min-improvement");

        assertThat(better.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(better.value()).isEqualTo(1.0);
        assertThat(worse.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(worse.value()).isEqualTo(-0.5);
        assertThat(worse.detail()).isEqualTo("test rmse 10.5000 vs champion 10.0000 (smaller is better): improvement -0.5000 < 0.5000");
    }

    @Test
    void noChampionSkipsTheComparisonWithoutFailingTheGate() {
        GateResult result = new Gate(NOTHING, TaskType.BINARY, "auc-roc").check(Map.of("test_auc_roc", 0.7), List.of(), Optional.empty());

        assertThat(result.passed()).isTrue();
        assertThat(only(result, "min-improvement").outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(result.summary()).isEqualTo("gate passed (0 passed, 1 skipped)");
    }

    @Test
    void tagsListEveryCheckAndTheFailuresInOneLine() {
        GateSettings settings = new GateSettings(Map.of("auc-roc", 0.9), Map.of(FairnessGap.DEMOGRAPHIC_PARITY_DIFFERENCE, 0.2), 0.0, 0.0);
        GateResult result = new Gate(settings, TaskType.BINARY, "auc-roc")
                .check(Map.of("test_auc_roc", 0.8), List.of(REGION), Optional.of(Map.of("test_auc_roc", 0.75)));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("mlcycle.gate", "failed");
        expected.put("mlcycle.gate.min-test-auc-roc", "failed: test auc-roc 0.8000 < 0.9000");
        expected.put("mlcycle.gate.max-demographic-parity-difference.region", "failed: region demographic-parity-difference 0.3000 > 0.2000");
        expected.put("mlcycle.gate.min-improvement",
                "passed: test auc-roc 0.8000 vs champion 0.7500 (larger is better): improvement +0.0500 >= 0.0000");
        expected.put("mlcycle.gate.failures", "min-test-auc-roc (test auc-roc 0.8000 < 0.9000); "
                + "max-demographic-parity-difference.region (region demographic-parity-difference 0.3000 > 0.2000)");
        assertThat(result.tags()).containsExactlyEntriesOf(expected);
        assertThat(result.summary()).startsWith("gate failed: min-test-auc-roc");
    }

    @Test
    void rejectsABoundOnAMetricOfAnotherTask() {
        assertThatThrownBy(() -> new Gate(bounds(Map.of("auc-roc", 0.6)), TaskType.REGRESSION, "rmse"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot gate a regression model on 'auc-roc': it is not one of its metrics [rmse, mae, r2]. Fix mlcycle.gate.metric-bounds.");
    }
}
