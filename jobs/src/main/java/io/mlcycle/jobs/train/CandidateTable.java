package io.mlcycle.jobs.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The comparison of every hyperparameter candidate of a training run as CSV (the parent run's {@code candidates.csv}):
 * one row per candidate with its algorithm, number, child run, tuning metric, whether it won its algorithm, the
 * algorithm's validation metric, whether it is the chosen model, and one column per parameter that varies in the grid.
 */
public final class CandidateTable {
    private CandidateTable() {}

    public static String csv(CandidateSearch.Outcome outcome) {
        List<String> varying = varyingParams(outcome);
        String metric = outcome.metric().replace('-', '_');
        List<String> header = new ArrayList<>(List.of("algorithm", "candidate", "run_id", "tuning_" + metric, "algorithm_winner",
                "validation_" + metric, "chosen"));
        header.addAll(varying);
        StringBuilder csv = new StringBuilder(String.join(",", header.stream().map(CandidateTable::quote).toList())).append('\n');
        for (int a = 0; a < outcome.algorithms().size(); a++) {
            CandidateSearch.AlgorithmResult result = outcome.algorithms().get(a);
            for (int c = 0; c < result.candidates().size(); c++) {
                CandidateSearch.Candidate candidate = result.candidates().get(c);
                boolean winner = c == result.winnerIndex();
                List<String> cells = new ArrayList<>(List.of(candidate.algorithm(), String.valueOf(candidate.index()), candidate.runId(),
                        number(candidate.tuningMetric()), String.valueOf(winner), winner ? number(result.validationMetric()) : "",
                        String.valueOf(winner && a == outcome.winnerIndex())));
                varying.forEach(name -> cells.add(candidate.params().getOrDefault(name, "")));
                csv.append(String.join(",", cells.stream().map(CandidateTable::quote).toList())).append('\n');
            }
        }
        return csv.toString();
    }

    /** Parameters whose value differs between two candidates of one algorithm (what the grid searched), sorted. */
    static List<String> varyingParams(CandidateSearch.Outcome outcome) {
        TreeSet<String> varying = new TreeSet<>();
        for (CandidateSearch.AlgorithmResult result : outcome.algorithms()) {
            Map<String, String> first = result.candidates().get(0).params();
            for (CandidateSearch.Candidate candidate : result.candidates()) {
                candidate.params().forEach((name, value) -> {
                    if (!value.equals(first.get(name))) {
                        varying.add(name);
                    }
                });
            }
        }
        return List.copyOf(varying);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
