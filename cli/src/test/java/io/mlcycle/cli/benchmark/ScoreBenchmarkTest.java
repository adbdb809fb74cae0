package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.dataset.TaskType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreBenchmarkTest {
    private static final BenchmarkPlan TRAINS = BenchmarkPlan.of(List.of("generate", "ingest", "silver", "features", "train", "score"),
            List.of("gbt", "naive-bayes"), TaskType.BINARY);

    @Test
    void theTopicsOfARunAreFreshNamesUnderTheBenchmarksPrefix() {
        ScoreBenchmark.Topics topics = ScoreBenchmark.Topics.of("20260301-120000-00ff");

        assertThat(topics.all()).containsExactly("mlcycle-benchmark-20260301-120000-00ff-events",
                "mlcycle-benchmark-20260301-120000-00ff-predictions", "mlcycle-benchmark-20260301-120000-00ff-dead-letter",
                "mlcycle-benchmark-20260301-120000-00ff-alerts", "mlcycle-benchmark-20260301-120000-00ff-labels",
                "mlcycle-benchmark-20260301-120000-00ff-bare-loop");
        assertThat(ScoreBenchmark.runName(Instant.parse("2026-03-01T12:34:56.789Z"))).matches("20260301-123456-[0-9a-f]{4}");
    }

    @Test
    void theScorerGetsFreshTopicsItsOwnCheckpointAndCacheAndTheChosenModelOverTheUsersValues() {
        Map<String, String> base = Map.of(
                "mlcycle.lake.root", "/w/benchmark/lake",
                "mlcycle.kafka.topics.events", "events",
                "mlcycle.scorer.checkpoint-dir", "/users/checkpoint",
                "mlcycle.scorer.starting-offsets", "latest");

        Map<String, String> overrides = ScoreBenchmark.overrides(base, Path.of("/w/benchmark"), ScoreBenchmark.Topics.of("r"),
                "mlcycle-benchmark-gbt");

        assertThat(overrides).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("mlcycle.lake.root", "/w/benchmark/lake"),
                Map.entry("mlcycle.kafka.topics.events", "mlcycle-benchmark-r-events"),
                Map.entry("mlcycle.kafka.topics.predictions", "mlcycle-benchmark-r-predictions"),
                Map.entry("mlcycle.kafka.topics.dead-letter", "mlcycle-benchmark-r-dead-letter"),
                Map.entry("mlcycle.kafka.topics.alerts", "mlcycle-benchmark-r-alerts"),
                Map.entry("mlcycle.kafka.topics.labels", "mlcycle-benchmark-r-labels"),
                Map.entry("mlcycle.scorer.query-name", "mlcycle-benchmark-scorer"),
                Map.entry("mlcycle.scorer.checkpoint-dir", "/w/benchmark/score/checkpoint"),
                Map.entry("mlcycle.scorer.model-cache-dir", "/w/benchmark/score/model-cache"),
                Map.entry("mlcycle.scorer.starting-offsets", "earliest"),
                Map.entry("mlcycle.mlflow.registered-model", "mlcycle-benchmark-gbt")));
    }

    @Test
    void theScorerServesTheFirstAlgorithmThatTrainedInThisRun() {
        List<StageResult> results = List.of(result("features", 0), result("train:gbt", 1), result("train:naive-bayes", 0));

        assertThat(ScoreBenchmark.registeredModel(TRAINS, results, "mlcycle-loan-default")).hasValue("mlcycle-benchmark-naive-bayes");
        assertThat(ScoreBenchmark.registeredModel(TRAINS, List.of(result("train:gbt", 0), result("train:naive-bayes", 0)),
                "mlcycle-loan-default")).hasValue("mlcycle-benchmark-gbt");
    }

    @Test
    void withEveryTrainStageFailedThereIsNoModelToScoreWith() {
        List<StageResult> results = List.of(result("train:gbt", 1), result("train:naive-bayes", 2));

        assertThat(ScoreBenchmark.registeredModel(TRAINS, results, "mlcycle-loan-default")).isEmpty();
    }

    @Test
    void withoutTrainTheScorerServesTheConfiguredModel() {
        BenchmarkPlan plan = BenchmarkPlan.of(List.of("score"), List.of(), TaskType.BINARY);

        assertThat(ScoreBenchmark.registeredModel(plan, List.of(), "mlcycle-loan-default")).hasValue("mlcycle-loan-default");
    }

    @Test
    void theBareLoopsRecordUsesTheParsedEvent() {
        assertThat(BareKafkaLoop.output("{\"application_id\":\"bench-7\",\"amount\":12.5,\"region\":\"north\"}", "application_id"))
                .isEqualTo("{\"application_id\":\"bench-7\",\"fields\":3}");
    }

    private static StageResult result(String stage, int exitCode) {
        return StageResult.of(stage, exitCode, 1.0, 100, 500, 600, 10);
    }
}
