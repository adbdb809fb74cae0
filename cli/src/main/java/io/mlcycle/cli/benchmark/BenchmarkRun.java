package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a {@link BenchmarkPlan}'s stages in order. A failed data stage stops the run (the next one needs its output); a
 * failed train stage is reported and the next algorithm still runs, since each trains on the same feature table.
 */
final class BenchmarkRun {
    /** Runs and measures one stage. */
    @FunctionalInterface
    interface StageRunner {
        StageResult run(BenchmarkStage stage);
    }

    /** What ran: a result per stage that ran, in order, and whether every planned stage ran and succeeded. */
    record Outcome(List<StageResult> results, List<String> failedAlgorithms, List<String> notRun) {
        Outcome {
            results = List.copyOf(results);
            failedAlgorithms = List.copyOf(failedAlgorithms);
            notRun = List.copyOf(notRun);
        }

        boolean succeeded() {
            return notRun.isEmpty() && results.stream().allMatch(StageResult::succeeded);
        }
    }

    private BenchmarkRun() {}

    static Outcome run(BenchmarkPlan plan, StageRunner runner, PrintWriter out) {
        requireNonNull(runner, "runner is null");
        List<StageResult> results = new ArrayList<>();
        List<String> failedAlgorithms = new ArrayList<>();
        List<BenchmarkStage> stages = plan.stages();
        for (int i = 0; i < stages.size(); i++) {
            BenchmarkStage stage = stages.get(i);
            out.printf("== %s ==%n", stage.name());
            out.flush();
            StageResult result = runner.run(stage);
            results.add(result);
            if (result.succeeded()) {
                continue;
            }
            if (stage.trains()) {
                failedAlgorithms.add(stage.name().substring(BenchmarkStage.TRAIN.length() + 1));
                out.printf(Locale.ROOT, "Stage %s failed (exit code %d); its output is above. Going on with the next algorithm.%n", stage.name(),
                        result.exitCode());
            } else {
                out.printf(Locale.ROOT, "Stage %s failed (exit code %d); stopping, as the next stages need its output. Its output is above.%n",
                        stage.name(), result.exitCode());
                return new Outcome(results, failedAlgorithms, plan.names().subList(i + 1, stages.size()));
            }
        }
        return new Outcome(results, failedAlgorithms, List.of());
    }

    /** The closing lines: which algorithms failed and which stages did not run; empty when everything succeeded. */
    static List<String> summary(Outcome outcome, int plannedAlgorithms) {
        List<String> lines = new ArrayList<>();
        if (!outcome.failedAlgorithms().isEmpty()) {
            lines.add(String.format(Locale.ROOT, "Training failed for %d of %d algorithms: %s (their output is above); the figures of the"
                    + " others stand.", outcome.failedAlgorithms().size(), plannedAlgorithms, String.join(", ", outcome.failedAlgorithms())));
        }
        if (!outcome.notRun().isEmpty()) {
            lines.add("Not run, after a failed stage: " + String.join(", ", outcome.notRun()) + ".");
        }
        return lines;
    }
}
