package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The score stage's figures, as printed and written to results.json under {@code score}.
 *
 * @param events the events produced to the fresh events topic; the scorer committed them all (predictions plus dead letters)
 * @param model the registered model and version the scorer served
 * @param scorerSeconds overall: from the start of spark-submit (JVM, Spark session and model download included) to the last
 *     committed batch
 * @param sustainedSeconds sustained: from the planning of the first micro-batch to the commit of the last
 * @param batches committed micro-batches; their durations (planned to committed, from the checkpoint) follow
 * @param driverPeakMib peak resident memory of the scorer's driver, -1 when unknown
 * @param bareLoopSeconds the bare loop overall: from its start (consumer connecting) to the last acknowledged record
 * @param bareLoopSustainedSeconds the bare loop from its first records received to the last acknowledged record
 * @param scorerToBareLoop sustained events/s of the scorer divided by the bare loop's
 */
record ScoreResult(long events, String model, String eventsTopic, double scorerSeconds, double scorerEventsPerSecond,
        double sustainedSeconds, double sustainedEventsPerSecond, int batches, double batchMinSeconds, double batchMedianSeconds,
        double batchMaxSeconds, long driverPeakMib, String bareLoopTopic, double bareLoopSeconds, double bareLoopEventsPerSecond,
        double bareLoopSustainedSeconds, double bareLoopSustainedEventsPerSecond, double scorerToBareLoop) {
    ScoreResult {
        requireNonNull(model, "model is null");
        requireNonNull(eventsTopic, "eventsTopic is null");
        requireNonNull(bareLoopTopic, "bareLoopTopic is null");
    }

    /** The figures of a scorer run that started at {@code scorerStarted} and committed {@code batches}, next to the bare loop's. */
    static ScoreResult of(long events, String model, String eventsTopic, Instant scorerStarted, List<ScorerBatches.Batch> batches,
            long driverPeakMib, String bareLoopTopic, BareKafkaLoop.Timing bareLoop) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("Cannot measure a scorer run without committed batches");
        }
        Instant lastCommit = batches.stream().map(ScorerBatches.Batch::committed).max(Instant::compareTo).orElseThrow();
        Instant firstPlanned = batches.stream().map(ScorerBatches.Batch::planned).min(Instant::compareTo).orElseThrow();
        double scorerSeconds = seconds(Duration.between(scorerStarted, lastCommit));
        double sustainedSeconds = seconds(Duration.between(firstPlanned, lastCommit));
        List<Double> durations = batches.stream().map(batch -> seconds(batch.duration())).sorted().toList();
        double sustained = perSecond(events, sustainedSeconds);
        double bareSustained = perSecond(bareLoop.records(), bareLoop.sustainedSeconds());
        return new ScoreResult(events, model, eventsTopic, scorerSeconds, perSecond(events, scorerSeconds), sustainedSeconds, sustained,
                durations.size(), durations.get(0), median(durations), durations.get(durations.size() - 1), driverPeakMib, bareLoopTopic,
                bareLoop.seconds(), perSecond(bareLoop.records(), bareLoop.seconds()), bareLoop.sustainedSeconds(), bareSustained,
                sustained < 0 || bareSustained <= 0 ? -1 : sustained / bareSustained);
    }

    /** The lines printed after the stage table. */
    List<String> lines() {
        return List.of(
                String.format(Locale.ROOT, "Scoring %,d events of %s with %s:", events, eventsTopic, model),
                figure("scorer overall   (spark-submit start to last commit)", scorerSeconds, scorerEventsPerSecond),
                figure("scorer sustained (first batch planned to last commit)", sustainedSeconds, sustainedEventsPerSecond),
                String.format(Locale.ROOT, "  scorer batches   %d, planned to committed: min %.1f s, median %.1f s, max %.1f s; driver peak %d MiB",
                        batches, batchMinSeconds, batchMedianSeconds, batchMaxSeconds, driverPeakMib),
                figure("bare loop overall   (KafkaConsumer, Jackson, KafkaProducer)", bareLoopSeconds, bareLoopEventsPerSecond),
                figure("bare loop sustained (first records to last acknowledged)", bareLoopSustainedSeconds, bareLoopSustainedEventsPerSecond),
                String.format(Locale.ROOT, "  scorer / bare loop (sustained): %.4f", scorerToBareLoop));
    }

    private static String figure(String label, double seconds, double eventsPerSecond) {
        return String.format(Locale.ROOT, "  %-60s %8.1f s %,12.0f events/s", label, seconds, eventsPerSecond);
    }

    private static double median(List<Double> sorted) {
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double perSecond(long count, double seconds) {
        return seconds <= 0 ? -1 : count / seconds;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
