package io.mlcycle.jobs.evaluate.gate;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.config.GateSettings.FairnessGap;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.evaluate.TestMetrics;
import io.mlcycle.jobs.evaluate.fairness.FairnessReport;
import io.mlcycle.jobs.evaluate.fairness.MetricKeys;
import io.mlcycle.jobs.report.GateCheck;
import io.mlcycle.jobs.report.GateCheck.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The promotion gate ({@code mlcycle.gate}) applied to a model's test evaluation. Checks, in order:
 * <ol>
 *   <li>{@code min-test-<metric>} / {@code max-test-<metric>}: each bounded test metric (a maximum for rmse, mae, log-loss);
 *       a metric the evaluation could not define fails;
 *   <li>{@code max-<gap>.<attribute>} and {@code min-disparate-impact-ratio.<attribute>} (when the minimum is above 0): each
 *       configured fairness bound per sensitive attribute; skipped when the gap is undefined (fewer than two groups large
 *       enough), when the task is not binary, or when no sensitive attribute is configured;
 *   <li>{@code min-improvement}: the selection metric against the champion's on the same test rows, in the metric's
 *       better direction; skipped when there is no champion (or its metric is undefined).
 * </ol>
 */
public final class Gate {
    private final GateSettings settings;
    private final TaskType task;
    private final String selectionMetric;

    /** @param selectionMetric as configured, e.g. {@code auc-roc} ({@code TrainSettings.selectionMetricFor(task)}) */
    public Gate(GateSettings settings, TaskType task, String selectionMetric) {
        this.settings = requireNonNull(settings, "settings is null");
        this.task = requireNonNull(task, "task is null");
        this.selectionMetric = requireNonNull(selectionMetric, "selectionMetric is null");
        TestMetrics.key(task, selectionMetric);
        settings.metricBounds().keySet().forEach(metric -> {
            if (!TrainSettings.selectionMetrics(task).contains(metric)) {
                throw new IllegalArgumentException("Cannot gate a " + task.name().toLowerCase(Locale.ROOT) + " model on '" + metric
                        + "': it is not one of its metrics " + TrainSettings.selectionMetrics(task) + ". Fix mlcycle.gate.metric-bounds.");
            }
        });
    }

    /**
     * @param metrics the model's test metrics ({@code ModelEvaluation}'s, MLflow names)
     * @param fairness the evaluation's fairness reports (empty for tasks other than binary)
     * @param championMetrics the current champion's test metrics on the same rows ({@code ModelEvaluation.testMetrics}), if there is one
     */
    public GateResult check(Map<String, Double> metrics, List<FairnessReport> fairness, Optional<Map<String, Double>> championMetrics) {
        List<GateCheck> checks = new ArrayList<>();
        settings.metricBounds().forEach((metric, bound) -> checks.add(bound(metric, bound, metrics)));
        checks.addAll(fairness(fairness));
        checks.add(improvement(metrics, championMetrics));
        return new GateResult(checks);
    }

    private GateCheck bound(String metric, double bound, Map<String, Double> metrics) {
        boolean minimum = TrainSettings.largerIsBetter(metric);
        String name = (minimum ? "min-test-" : "max-test-") + metric;
        Double value = metrics.get(TestMetrics.key(task, metric));
        if (value == null || !Double.isFinite(value)) {
            return new GateCheck(name, Double.NaN, bound, Outcome.FAILED, "test " + metric + " is undefined on the test rows, so it cannot reach "
                    + format(bound));
        }
        return compared(name, "test " + metric, value, bound, minimum);
    }

    private List<GateCheck> fairness(List<FairnessReport> reports) {
        List<GateCheck> checks = new ArrayList<>();
        boolean impact = settings.minDisparateImpactRatio() > 0;
        if (settings.maxFairnessGaps().isEmpty() && !impact) {
            return checks;
        }
        Optional<String> skipped = task != TaskType.BINARY ? Optional.of("fairness is measured for binary tasks only")
                : reports.isEmpty() ? Optional.of("no sensitive attributes to compare groups of (mlcycle.dataset.sensitive-attributes is empty)")
                : Optional.empty();
        if (skipped.isPresent()) {
            settings.maxFairnessGaps().forEach((gap, max) -> checks.add(GateCheck.skipped("max-" + gap.configName(), max, skipped.get())));
            if (impact) {
                checks.add(GateCheck.skipped("min-disparate-impact-ratio", settings.minDisparateImpactRatio(), skipped.get()));
            }
            return checks;
        }
        for (FairnessReport report : reports) {
            settings.maxFairnessGaps().forEach((gap, max) -> checks.add(fairnessCheck(report, gap.configName(), gapOf(report, gap), max, false)));
            if (impact) {
                checks.add(fairnessCheck(report, "disparate-impact-ratio", report.disparateImpactRatio(), settings.minDisparateImpactRatio(), true));
            }
        }
        return checks;
    }

    private static GateCheck fairnessCheck(FairnessReport report, String measure, OptionalDouble value, double bound, boolean minimum) {
        String name = (minimum ? "min-" : "max-") + measure + "." + MetricKeys.sanitize(report.attribute());
        String what = report.attribute() + " " + measure;
        if (value.isEmpty()) {
            return GateCheck.skipped(name, bound, what + " is undefined: " + String.join("; ", report.notes()));
        }
        return compared(name, what, value.getAsDouble(), bound, minimum);
    }

    private static OptionalDouble gapOf(FairnessReport report, FairnessGap gap) {
        return switch (gap) {
            case DEMOGRAPHIC_PARITY_DIFFERENCE -> report.demographicParityDifference();
            case EQUAL_OPPORTUNITY_DIFFERENCE -> report.equalOpportunityDifference();
        };
    }

    private GateCheck improvement(Map<String, Double> metrics, Optional<Map<String, Double>> championMetrics) {
        String name = "min-improvement";
        double minimum = settings.minImprovement();
        if (championMetrics.isEmpty()) {
            return GateCheck.skipped(name, minimum, "no champion to compare with");
        }
        String key = TestMetrics.key(task, selectionMetric);
        Double champion = championMetrics.get().get(key);
        if (champion == null || !Double.isFinite(champion)) {
            return GateCheck.skipped(name, minimum, "the champion's test " + selectionMetric + " is undefined on these rows");
        }
        Double value = metrics.get(key);
        if (value == null || !Double.isFinite(value)) {
            return new GateCheck(name, Double.NaN, minimum, Outcome.FAILED, "test " + selectionMetric
                    + " is undefined on the test rows, so it cannot be compared with the champion's " + format(champion));
        }
        boolean larger = TrainSettings.largerIsBetter(selectionMetric);
        double improvement = larger ? value - champion : champion - value;
        Outcome outcome = improvement >= minimum ? Outcome.PASSED : Outcome.FAILED;
        return new GateCheck(name, improvement, minimum, outcome, "test " + selectionMetric + " " + format(value) + " vs champion "
                + format(champion) + " (" + (larger ? "larger" : "smaller") + " is better): improvement "
                + String.format(Locale.ROOT, "%+.4f", improvement) + (outcome == Outcome.PASSED ? " >= " : " < ") + format(minimum));
    }

    /** A value against a minimum ({@code >=} passes) or a maximum ({@code <=} passes). */
    private static GateCheck compared(String name, String what, double value, double bound, boolean minimum) {
        GateCheck check = minimum ? GateCheck.atLeast(name, value, bound) : GateCheck.atMost(name, value, bound);
        String operator = minimum ? (check.passed() ? " >= " : " < ") : (check.passed() ? " <= " : " > ");
        return check.withDetail(what + " " + format(value) + operator + format(bound));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
