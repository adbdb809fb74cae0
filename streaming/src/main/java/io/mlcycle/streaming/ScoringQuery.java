package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;

import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.events.DeadLetters;
import io.mlcycle.common.events.KafkaEvents;
import io.mlcycle.common.events.LiveEventRules;
import io.mlcycle.common.scoring.Scoring;
import io.mlcycle.common.scoring.ScoringModel;
import io.mlcycle.platform.delta.IdempotentDeltaAppend;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.features.Dimensions;
import io.mlcycle.platform.features.LiveLookups;
import io.mlcycle.streaming.monitor.DriftMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming scorer: events ({@link EventSource}, the Kafka events topic in production) -> parse and validate
 * ({@link KafkaEvents}, then silver's quality rules, {@link LiveEventRules}: a violation rejects the event or flags its
 * prediction, by the rule's policy) -> per micro-batch ({@code foreachBatch}): join the dataset's lookups to the valid
 * events from the dimension tables the features job joins ({@link LiveLookups}: a Delta dimension's new version is used
 * from the next micro-batch on), score them with the current champion ({@link ChampionModels}, {@link Scoring}), monitor
 * drift ({@link DriftMonitor}), and write
 * <ul>
 *   <li>predictions to the predictions Delta table (exactly once; the commit's lineage names the micro-batch, the model
 *       version and the dimension tables at the versions joined) and topic (a {@link RecordSink}: JSON keyed by id, at
 *       least once);</li>
 *   <li>rejected records to the dead-letter topic (JSON keyed by {@code topic-partition-offset}, at least once) and
 *       Delta table (exactly once), with the reason and Kafka coordinates ({@link DeadLetters}: the raw value cut to a
 *       bounded size, with the full size and SHA-256); a bad record never stops the query. Events more than the allowed
 *       skew in the future are rejected, and so is an event whose prediction would be too large for a Kafka record
 *       ({@link OversizedRecords}).</li>
 * </ul>
 * Delta writes are idempotent per micro-batch ({@link IdempotentDeltaAppend}, application id = query name). The query
 * name, checkpoint and trigger come from {@link ScorerSettings}. Starting fails when the registry has no champion yet, or
 * when the checkpoint is behind the tables ({@link CheckpointGuard}).
 */
public final class ScoringQuery {
    /** When a rejected record was written to the dead-letter sinks. */
    public static final String REJECTED_AT = "rejected_at";

    private static final Logger LOG = LoggerFactory.getLogger(ScoringQuery.class);

    private final SparkSession spark;
    private final DatasetSpec spec;
    private final ScorerSettings scorer;
    private final KafkaSettings kafka;
    private final LakeSettings lake;
    private final ChampionModels champions;
    private final EventSource source;
    private final RecordSink records;
    private final IdempotentDeltaAppend delta;
    private final DriftMonitor monitor;
    private final LiveLookups lookups;

    /**
     * {@code kafka} names the topics the records go to; {@code source} gives the events, {@code records} takes the
     * predictions, dead letters and alerts ({@link KafkaEventSource} and {@link KafkaJsonSink} in production).
     */
    public ScoringQuery(SparkSession spark, DatasetSpec spec, ScorerSettings scorer, MonitorSettings monitor,
                        KafkaSettings kafka, LakeSettings lake, ChampionModels champions, EventSource source, RecordSink records) {
        this.spark = requireNonNull(spark, "spark is null");
        this.spec = requireNonNull(spec, "spec is null");
        this.scorer = requireNonNull(scorer, "scorer is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.lake = requireNonNull(lake, "lake is null");
        this.champions = requireNonNull(champions, "champions is null");
        this.source = requireNonNull(source, "source is null");
        this.records = requireNonNull(records, "records is null");
        this.delta = new IdempotentDeltaAppend(scorer.queryName());
        this.monitor = new DriftMonitor(spark, requireNonNull(monitor, "monitor is null"), lake, spec.timeColumn(),
                champions::reference, delta, records, kafka.topics().alerts());
        this.lookups = new LiveLookups(spark, spec.featureSpec().lookups());
    }

    /** Starts the query and returns it running. Throws when there is no champion to score with, or a dimension cannot be read. */
    public StreamingQuery start() throws TimeoutException {
        champions.current();
        lookups.current();
        CheckpointGuard.requireCheckpointNotBehind(spark, scorer.checkpointDir(), scorer.queryName(), List.of(
                lake.predictionsTable(), lake.deadLetterTable(), lake.driftCountsTable(), lake.driftTable(), lake.alertsTable()));
        monitor.restore();
        Dataset<Row> events = LiveEventRules.check(KafkaEvents.parse(source.events(spark), spec, current_timestamp(), scorer.maxFutureSkew()),
                spec, scorer);
        return events.writeStream()
                .queryName(scorer.queryName())
                .option("checkpointLocation", scorer.checkpointDir())
                .trigger(Trigger.ProcessingTime(scorer.triggerInterval().toMillis()))
                .foreachBatch(this::processBatch)
                .start();
    }

    /** Starts the query and blocks until it stops; a failed query throws. */
    public void run() throws TimeoutException, StreamingQueryException {
        StreamingQuery query = start();
        LOG.info("Scorer {} is running: {} -> {} (checkpoint {}).", scorer.queryName(), kafka.topics().events(), lake.predictionsTable(),
                scorer.checkpointDir());
        query.awaitTermination();
    }

    private void processBatch(Dataset<Row> events, Long batchId) {
        events.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long[] validAndRejected = countValidAndRejected(events);
            Dataset<Row> rejected = KafkaEvents.rejected(events);
            long tooLarge = 0;
            String scoredWith = "no model";
            if (validAndRejected[0] > 0) {
                ScoringModel model = champions.current();
                Dimensions dimensions = lookups.current();
                Optional<Dataset<Row>> oversized = scoreAndMonitor(events, model, dimensions, batchId);
                if (oversized.isPresent()) {
                    tooLarge = oversized.get().count();
                    rejected = rejected.unionByName(oversized.get());
                }
                scoredWith = model.version().name() + " version " + model.version().version()
                        + (dimensions.isEmpty() ? "" : ", lookups " + dimensions.describe());
            }
            // one dead-letter write per batch: its Delta append is idempotent per batch id, a second one would be skipped
            if (validAndRejected[1] + tooLarge > 0) {
                writeRejected(rejected, batchId);
            }
            LOG.info("Batch {}: {} events scored with {}, {} rejected, {} with a prediction too large for Kafka.", batchId,
                    validAndRejected[0] - tooLarge, scoredWith, validAndRejected[1], tooLarge);
        } finally {
            events.unpersist();
        }
    }

    /** {valid, rejected} in one pass over the batch. */
    private static long[] countValidAndRejected(Dataset<Row> events) {
        long[] counts = new long[2];
        for (Row row : events.groupBy(col(KafkaEvents.REJECTION_REASON).isNull().as("valid")).count().collectAsList()) {
            counts[row.getBoolean(0) ? 0 : 1] = row.getLong(1);
        }
        return counts;
    }

    /**
     * Scores the batch's valid events and writes the predictions that fit a Kafka record; returns the events whose
     * prediction does not (as rejected records, computed once), if any.
     */
    private Optional<Dataset<Row>> scoreAndMonitor(Dataset<Row> events, ScoringModel model, Dimensions dimensions, long batchId) {
        int maxRequestSize = scorer.producerMaxRequestSize();
        Dataset<Row> scored = Scoring.score(dimensions.join(KafkaEvents.valid(events, spec)), model, spec, dimensions.versions());
        Dataset<Row> sized = OversizedRecords.withRecordBytes(scored, col(spec.idColumn())).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Optional<Dataset<Row>> oversized = sized.where(col(OversizedRecords.RECORD_BYTES).gt(maxRequestSize)).isEmpty()
                    ? Optional.empty()
                    : Optional.of(OversizedRecords.rejectedPredictions(events, sized, maxRequestSize).localCheckpoint());
            writePredictions(OversizedRecords.fitting(sized, maxRequestSize), model, dimensions, batchId);
            return oversized;
        } finally {
            sized.unpersist();
        }
    }

    private void writePredictions(Dataset<Row> predictions, ScoringModel model, Dimensions dimensions, long batchId) {
        // Lineage of the predictions commit: the micro-batch of the events topic, the model version that scored it and the
        // dimension tables joined (Delta ones at their version, files as sources).
        List<String> sources = new ArrayList<>(List.of(
                "kafka:" + kafka.topics().events() + " micro-batch " + batchId,
                "model:" + model.version().name() + " version " + model.version().version()));
        sources.addAll(dimensions.sources());
        String lineage = new Lineage("score", scorer.queryName() + "/batch-" + batchId, dimensions.reads(), sources).toJson();
        delta.appendAddingColumns(predictions, lake.predictionsTable(), batchId, lineage);
        records.write(predictions, col(spec.idColumn()), kafka.topics().predictions());
        monitor.process(predictions, model, batchId);
    }

    private void writeRejected(Dataset<Row> rejected, long batchId) {
        Dataset<Row> deadLetters = DeadLetters.of(rejected, scorer.deadLetterMaxRawValueBytes())
                .withColumn(REJECTED_AT, current_timestamp()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            records.write(deadLetters,
                    concat_ws("-", col(KafkaEvents.KAFKA_TOPIC), col(KafkaEvents.KAFKA_PARTITION), col(KafkaEvents.KAFKA_OFFSET)),
                    kafka.topics().deadLetter());
            delta.appendAddingColumns(deadLetters, lake.deadLetterTable(), batchId, null);
        } finally {
            deadLetters.unpersist();
        }
    }
}
