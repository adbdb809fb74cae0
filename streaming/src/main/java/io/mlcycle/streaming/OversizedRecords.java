package io.mlcycle.streaming;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;

import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.events.KafkaEvents;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps rows whose Kafka record would be larger than the producer's {@code max.request.size} out of the sink: the
 * producer would fail the whole write, and the query with it. Sizes are those of the records {@link KafkaJsonSink} sends.
 */
public final class OversizedRecords {
    /** Upper bound of the bytes the Kafka record for a row takes in the producer's size check. */
    public static final String RECORD_BYTES = "kafka_record_bytes";

    /**
     * What the producer adds to key and value before it compares with {@code max.request.size}: a record batch header
     * (61 bytes) and one record's overhead (at most 21 bytes, plus up to 5 for each length), rounded up.
     */
    static final int RECORD_OVERHEAD_BYTES = 128;

    private static final String OVERSIZED = "_oversized_";

    private OversizedRecords() {}

    /** {@code rows} plus {@link #RECORD_BYTES}: key and JSON value bytes (as {@link KafkaJsonSink} writes them) plus the overhead. */
    public static Dataset<Row> withRecordBytes(Dataset<Row> rows, Column key) {
        Column bytes = coalesce(octet_length(key.cast("string")), lit(0))
                .plus(octet_length(JsonRecords.value(rows)))
                .plus(RECORD_OVERHEAD_BYTES);
        return rows.withColumn(RECORD_BYTES, bytes);
    }

    /** The rows of {@link #withRecordBytes} that fit {@code maxRequestSize}, without {@link #RECORD_BYTES}. */
    public static Dataset<Row> fitting(Dataset<Row> sized, int maxRequestSize) {
        requireColumns(sized, List.of(RECORD_BYTES), "rows with their record size (OversizedRecords.withRecordBytes)");
        return sized.where(col(RECORD_BYTES).leq(maxRequestSize)).drop(RECORD_BYTES);
    }

    /**
     * The events whose prediction does not fit {@code maxRequestSize}, as rejected records ({@link KafkaEvents#rejected}'s
     * columns, the event's own raw value) with a reason giving size and limit. {@code parsedEvents} are those of one
     * topic ({@link KafkaEvents#parse}); {@code sizedPredictions} come from {@link #withRecordBytes} on the scored events.
     */
    public static Dataset<Row> rejectedPredictions(Dataset<Row> parsedEvents, Dataset<Row> sizedPredictions, int maxRequestSize) {
        requireColumns(parsedEvents, List.of(KafkaEvents.RAW_VALUE, KafkaEvents.REJECTION_REASON, KafkaEvents.KAFKA_TOPIC,
                KafkaEvents.KAFKA_PARTITION, KafkaEvents.KAFKA_OFFSET, KafkaEvents.KAFKA_TIMESTAMP), "parsed events (KafkaEvents.parse)");
        requireColumns(sizedPredictions, List.of(RECORD_BYTES, KafkaEvents.KAFKA_PARTITION, KafkaEvents.KAFKA_OFFSET),
                "sized predictions (OversizedRecords.withRecordBytes of Scoring.score)");
        Dataset<Row> oversized = sizedPredictions.where(col(RECORD_BYTES).gt(maxRequestSize)).select(
                col(KafkaEvents.KAFKA_PARTITION).as(OVERSIZED + KafkaEvents.KAFKA_PARTITION),
                col(KafkaEvents.KAFKA_OFFSET).as(OVERSIZED + KafkaEvents.KAFKA_OFFSET),
                col(RECORD_BYTES).as(OVERSIZED + RECORD_BYTES));
        Column sameRecord = col(KafkaEvents.KAFKA_PARTITION).equalTo(col(OVERSIZED + KafkaEvents.KAFKA_PARTITION))
                .and(col(KafkaEvents.KAFKA_OFFSET).equalTo(col(OVERSIZED + KafkaEvents.KAFKA_OFFSET)));
        Column reason = concat(lit("prediction is too large for Kafka: its record is "), col(OVERSIZED + RECORD_BYTES).cast("string"),
                lit(" bytes, more than " + ScorerSettings.PRODUCER_MAX_REQUEST_SIZE_KEY + " = " + maxRequestSize));
        return parsedEvents.where(col(KafkaEvents.REJECTION_REASON).isNull())
                .join(oversized, sameRecord)
                .select(col(KafkaEvents.RAW_VALUE), reason.as(KafkaEvents.REJECTION_REASON), col(KafkaEvents.KAFKA_TOPIC),
                        col(KafkaEvents.KAFKA_PARTITION), col(KafkaEvents.KAFKA_OFFSET), col(KafkaEvents.KAFKA_TIMESTAMP));
    }

    private static void requireColumns(Dataset<Row> rows, List<String> required, String expected) {
        Set<String> present = Set.of(rows.columns());
        List<String> missing = required.stream().filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot read " + expected + ": columns " + missing + " are missing; the rows have "
                    + List.of(rows.columns()) + ".");
        }
    }
}
