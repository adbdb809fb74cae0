package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.dataset.TaskType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order of the stages and what a failure stops, with a runner that fails the stages it is told to. */
class BenchmarkRunTest {
    private static final BenchmarkPlan PLAN = BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train"),
            List.of("logistic-regression", "gbt", "naive-bayes"), TaskType.BINARY);

    private final List<String> ran = new ArrayList<>();
    private final StringWriter out = new StringWriter();

    @Test
    void runsEveryStageInOrder() {
        BenchmarkRun.Outcome outcome = BenchmarkRun.run(PLAN, failing(Set.of()), new PrintWriter(out, true));

        assertThat(ran).containsExactly("generate", "ingest", "silver", "features", "train:logistic-regression", "train:gbt", "train:naive-bayes");
        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.results()).extracting(StageResult::stage).isEqualTo(ran);
        assertThat(BenchmarkRun.summary(outcome, 3)).isEmpty();
        assertThat(out.toString()).contains("== train:gbt ==");
    }

    @Test
    void aFailedAlgorithmIsReportedAndTheOthersStillTrain() {
        BenchmarkRun.Outcome outcome = BenchmarkRun.run(PLAN, failing(Set.of("train:gbt")), new PrintWriter(out, true));

        assertThat(ran).endsWith("train:logistic-regression", "train:gbt", "train:naive-bayes");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failedAlgorithms()).containsExactly("gbt");
        assertThat(outcome.notRun()).isEmpty();
        assertThat(outcome.results()).extracting(StageResult::exitCode).containsExactly(0, 0, 0, 0, 0, 3, 0);
        assertThat(out.toString()).contains("Stage train:gbt failed (exit code 3); its output is above. Going on with the next algorithm.");
        assertThat(BenchmarkRun.summary(outcome, 3)).containsExactly(
                "Training failed for 1 of 3 algorithms: gbt (their output is above); the figures of the others stand.");
    }

    @Test
    void aFailedDataStageStopsTheRun() {
        BenchmarkRun.Outcome outcome = BenchmarkRun.run(PLAN, failing(Set.of("silver")), new PrintWriter(out, true));

        assertThat(ran).containsExactly("generate", "ingest", "silver");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failedAlgorithms()).isEmpty();
        assertThat(outcome.notRun()).containsExactly("features", "train:logistic-regression", "train:gbt", "train:naive-bayes");
        assertThat(BenchmarkRun.summary(outcome, 3)).containsExactly(
                "Not run, after a failed stage: features, train:logistic-regression, train:gbt, train:naive-bayes.");
    }

    private BenchmarkRun.StageRunner failing(Set<String> failingStages) {
        return stage -> {
            ran.add(stage.name());
            int exitCode = failingStages.contains(stage.name()) ? 3 : 0;
            return StageResult.of(stage.name(), exitCode, 2.0, 1000, 500, 700, 10);
        };
    }
}
