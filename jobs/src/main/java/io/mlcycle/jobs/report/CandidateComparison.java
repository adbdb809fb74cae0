package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every hyperparameter candidate of a training run on one validation metric, in the order they were tried, and which
 * one won (the caller knows the metric's direction and any tie rule). Drawn by
 * {@link EvaluationCharts#candidateComparison} and listed by {@link #table()}.
 *
 * @param metric the validation metric's name, e.g. {@code auc-roc}
 * @param winner the index of the winning candidate in {@code candidates}
 */
public record CandidateComparison(String metric, List<CandidateScore> candidates, int winner) {
    public CandidateComparison {
        requireNonNull(metric, "metric is null");
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("Cannot compare hyperparameter candidates: the list is empty");
        }
        if (winner < 0 || winner >= candidates.size()) {
            throw new IllegalArgumentException("Cannot mark candidate " + winner + " as the winner: there are " + candidates.size()
                    + " candidates (indexes 0 to " + (candidates.size() - 1) + ")");
        }
    }

    public CandidateScore winnerScore() {
        return candidates.get(winner);
    }

    /** One row per candidate: its label, validation metric, parameters, and whether it won. */
    public ReportTable table() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            CandidateScore candidate = candidates.get(i);
            rows.add(List.of(candidate.label(), value(candidate.validationMetric()), params(candidate.params()), i == winner ? "winner" : ""));
        }
        return new ReportTable("Hyperparameter candidates", List.of("Candidate", "Validation " + metric, "Parameters", ""), rows);
    }

    static String value(double metricValue) {
        return Double.isFinite(metricValue) ? String.format(Locale.ROOT, "%.4f", metricValue) : "undefined";
    }

    private static String params(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
