package io.mlcycle.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Figures computed by hand from made-up batch and loop times. */
class ScoreResultTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void overallCountsFromTheStartAndSustainedFromTheFirstPlannedBatch() {
        // started at 0 s; batches 20-26, 26-30 and 30-40 (durations 6, 4, 10 s); 3,000 events
        List<ScorerBatches.Batch> batches = List.of(batch(2, 30, 40), batch(0, 20, 26), batch(1, 26, 30));
        BareKafkaLoop.Timing bareLoop = new BareKafkaLoop.Timing(3000, T0.plusSeconds(100), T0.plusSeconds(101), T0.plusMillis(101_500));

        ScoreResult result = ScoreResult.of(3000, "m version 2", "events-topic", T0, batches, 1500, "bare-topic", bareLoop);

        assertThat(result.scorerSeconds()).isEqualTo(40.0);
        assertThat(result.scorerEventsPerSecond()).isEqualTo(75.0); // 3000 / 40
        assertThat(result.sustainedSeconds()).isEqualTo(20.0);
        assertThat(result.sustainedEventsPerSecond()).isEqualTo(150.0); // 3000 / 20
        assertThat(result.batches()).isEqualTo(3);
        assertThat(result.batchMinSeconds()).isEqualTo(4.0);
        assertThat(result.batchMedianSeconds()).isEqualTo(6.0);
        assertThat(result.batchMaxSeconds()).isEqualTo(10.0);
        assertThat(result.bareLoopSeconds()).isEqualTo(1.5);
        assertThat(result.bareLoopEventsPerSecond()).isEqualTo(2000.0);
        assertThat(result.bareLoopSustainedSeconds()).isEqualTo(0.5);
        assertThat(result.bareLoopSustainedEventsPerSecond()).isEqualTo(6000.0);
        assertThat(result.scorerToBareLoop()).isCloseTo(0.025, within(1e-12)); // 150 / 6000
    }

    @Test
    void theMedianOfAnEvenNumberOfBatchesIsTheMeanOfTheMiddleTwo() {
        List<ScorerBatches.Batch> batches = List.of(batch(0, 10, 12), batch(1, 12, 15), batch(2, 15, 20), batch(3, 20, 30));
        BareKafkaLoop.Timing bareLoop = new BareKafkaLoop.Timing(10, T0, T0.plusSeconds(1), T0.plusSeconds(2));

        ScoreResult result = ScoreResult.of(10, "m version 1", "e", T0, batches, -1, "b", bareLoop);

        assertThat(result.batchMedianSeconds()).isEqualTo(4.0); // durations 2, 3, 5, 10
    }

    @Test
    void linesNameWhatEachFigureCounts() {
        List<ScorerBatches.Batch> batches = List.of(batch(0, 20, 26), batch(1, 26, 30), batch(2, 30, 40));
        BareKafkaLoop.Timing bareLoop = new BareKafkaLoop.Timing(3000, T0, T0.plusSeconds(1), T0.plusMillis(1500));

        List<String> lines = ScoreResult.of(3000, "mlcycle-benchmark-gbt version 2", "t-events", T0, batches, 1500, "t-bare-loop", bareLoop)
                .lines();

        assertThat(lines).containsExactly(
                "Scoring 3,000 events of t-events with mlcycle-benchmark-gbt version 2:",
                "  scorer overall   (spark-submit start to last commit)             40.0 s           75 events/s",
                "  scorer sustained (first batch planned to last commit)            20.0 s          150 events/s",
                "  scorer batches   3, planned to committed: min 4.0 s, median 6.0 s, max 10.0 s; driver peak 1500 MiB",
                "  bare loop overall   (KafkaConsumer, Jackson, KafkaProducer)       1.5 s        2,000 events/s",
                "  bare loop sustained (first records to last acknowledged)          0.5 s        6,000 events/s",
                "  scorer / bare loop (sustained): 0.0250");
    }

    private static ScorerBatches.Batch batch(long id, int plannedSecond, int committedSecond) {
        return new ScorerBatches.Batch(id, T0.plusSeconds(plannedSecond), T0.plusSeconds(committedSecond));
    }
}
