package io.mlcycle.jobs.evaluate;

import io.mlcycle.jobs.evaluate.fairness.FairnessReport;
import io.mlcycle.jobs.evaluate.fairness.GroupRates;
import io.mlcycle.jobs.evaluate.fairness.SliceMetrics;
import io.mlcycle.jobs.evaluate.gate.GateResult;
import io.mlcycle.jobs.report.CandidateComparison;
import io.mlcycle.jobs.report.EvaluationCharts;
import io.mlcycle.jobs.report.EvaluationReport;
import io.mlcycle.jobs.report.ReportTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds the HTML {@link EvaluationReport} of an {@link EvaluationResult}. */
final class EvaluationReports {
    private static final Map<String, String> CAPTIONS = Map.of(
            EvaluationResult.ROC, "ROC curve on the test rows",
            EvaluationResult.PRECISION_RECALL, "Precision-recall curve on the test rows",
            EvaluationResult.CONFUSION_MATRIX, "Confusion matrix at the decision threshold",
            EvaluationResult.CALIBRATION, "Calibration of the predicted probabilities",
            EvaluationResult.FEATURE_IMPORTANCE, "Feature importance",
            EvaluationResult.RESIDUALS, "Residuals on a sample of the test rows",
            EvaluationResult.PREDICTED_VS_ACTUAL, "Predicted versus actual values on a sample of the test rows");
    private static final List<String> DERIVED_PREFIXES = List.of("slice_", "fairness_", "robustness_");

    private EvaluationReports() {}

    static EvaluationReport build(EvaluationResult result, GateResult gate, Map<String, String> info, Optional<CandidateComparison> candidates) {
        EvaluationReport.Builder report = EvaluationReport.builder("Model evaluation");
        info.forEach(report::info);
        if (!info.containsKey("Task")) {
            report.info("Task", result.task().name().toLowerCase(Locale.ROOT));
        }
        gate.checks().forEach(report::gate);
        headline(result, report);
        if (!result.slices().isEmpty()) {
            report.table(slices(result.slices()));
        }
        if (!result.fairness().isEmpty()) {
            report.table(fairness(result.fairness()));
            report.table(fairnessGroups(result.fairness()));
        }
        if (!result.robustness().isEmpty()) {
            report.table(robustness(result.robustness()));
        }
        candidates.ifPresent(comparison -> report.table(comparison.table()));
        result.charts().forEach((file, png) -> report.chart(CAPTIONS.getOrDefault(file, file), png));
        candidates.ifPresent(comparison -> report.chart("Validation metric of every hyperparameter candidate",
                EvaluationCharts.standard().candidateComparison(comparison)));
        return report.build();
    }

    /** Whether a metric key is an interval, slice, fairness or robustness figure rather than a headline metric. */
    static boolean derivedKey(String key) {
        String name = key.startsWith(TestMetrics.PREFIX) ? key.substring(TestMetrics.PREFIX.length()) : key;
        return name.endsWith("_ci_lower") || name.endsWith("_ci_upper") || DERIVED_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static void headline(EvaluationResult result, EvaluationReport.Builder report) {
        for (String metric : TestMetrics.headline(result.task())) {
            Double value = result.metrics().get(TestMetrics.PREFIX + metric);
            if (value == null) {
                continue;
            }
            Optional<ConfidenceInterval> interval = result.intervals().interval(metric)
                    .filter(ci -> Double.isFinite(ci.lower()) && Double.isFinite(ci.upper()) && ci.lower() <= ci.upper());
            if (interval.isPresent()) {
                report.metric(TestMetrics.PREFIX + metric, value, interval.get().lower(), interval.get().upper(), interval.get().level());
            } else {
                report.metric(TestMetrics.PREFIX + metric, value);
            }
        }
    }

    private static ReportTable slices(List<SliceMetrics> slices) {
        List<List<String>> rows = new ArrayList<>();
        for (SliceMetrics slice : slices) {
            rows.add(List.of(slice.column(), slice.slice(), Long.toString(slice.rows()), number(slice.labelPositiveRate()),
                    number(slice.predictedPositiveRate()), number(slice.accuracy()), number(slice.precision()), number(slice.recall()),
                    number(slice.f1()), number(slice.aucRoc()), String.join("; ", slice.notes())));
        }
        return new ReportTable("Metrics by segment", List.of("Column", "Slice", "Rows", "Positive rate", "Predicted positive rate", "Accuracy",
                "Precision", "Recall", "F1", "AUC-ROC", "Notes"), rows);
    }

    private static ReportTable fairness(List<FairnessReport> reports) {
        List<List<String>> rows = new ArrayList<>();
        for (FairnessReport report : reports) {
            rows.add(List.of(report.attribute(), number(report.demographicParityDifference()), number(report.equalOpportunityDifference()),
                    number(report.disparateImpactRatio()), Long.toString(report.groups().stream().filter(GroupRates::comparable).count()),
                    String.join("; ", report.notes())));
        }
        return new ReportTable("Fairness by sensitive attribute", List.of("Attribute", "Demographic parity difference",
                "Equal opportunity difference", "Disparate impact ratio", "Groups compared", "Notes"), rows);
    }

    private static ReportTable fairnessGroups(List<FairnessReport> reports) {
        List<List<String>> rows = new ArrayList<>();
        for (FairnessReport report : reports) {
            for (GroupRates group : report.groups()) {
                rows.add(List.of(report.attribute(), group.group(), Long.toString(group.rows()), number(group.selectionRate()),
                        number(group.truePositiveRate()), group.comparable() ? "yes" : "no (fewer than " + report.minGroupRows() + " rows)"));
            }
        }
        return new ReportTable("Fairness groups", List.of("Attribute", "Group", "Rows", "Selection rate", "True positive rate", "In the gaps"), rows);
    }

    private static ReportTable robustness(List<RobustnessRow> robustness) {
        List<List<String>> rows = new ArrayList<>();
        for (RobustnessRow row : robustness) {
            rows.add(List.of(row.perturbation(), number(row.strength()), row.metric(), number(row.clean()), number(row.perturbed()),
                    number(row.worsening())));
        }
        return new ReportTable("Robustness to perturbed test rows", List.of("Perturbation", "Strength", "Metric", "Clean", "Perturbed",
                "Worsening (positive = worse)"), rows);
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "";
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "";
    }
}
