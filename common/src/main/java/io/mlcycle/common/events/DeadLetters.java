package io.mlcycle.common.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The dead-letter form of rejected records, bounded in size so that writing it can never fail on a producer or broker
 * limit: however large the record was, its dead letter keeps the first {@code maxRawValueBytes} bytes of the raw value,
 * the full value's size and digest (to find and match the source record), the reason and the Kafka coordinates.
 *
 * <p>The cut is byte-safe: it never splits a UTF-8 character, so the kept prefix may be up to 3 bytes shorter than the
 * limit. A value that is not valid UTF-8 is cut the same way (its bytes are kept as they are, never re-encoded).
 */
public final class DeadLetters {
    /** Size in bytes of the full raw value (UTF-8); null when the record had no value. */
    public static final String RAW_VALUE_BYTES = "raw_value_bytes";
    /** Hex SHA-256 of the full raw value's bytes; null when the record had no value. */
    public static final String RAW_VALUE_SHA256 = "raw_value_sha256";

    private static final List<String> REJECTED_COLUMNS = List.of(KafkaEvents.RAW_VALUE, KafkaEvents.REJECTION_REASON,
            KafkaEvents.KAFKA_TOPIC, KafkaEvents.KAFKA_PARTITION, KafkaEvents.KAFKA_OFFSET, KafkaEvents.KAFKA_TIMESTAMP);

    private DeadLetters() {}

    /**
     * Dead letters of {@code rejected} (as {@link KafkaEvents#rejected} gives them). Output: {@link KafkaEvents#RAW_VALUE}
     * (at most {@code maxRawValueBytes} bytes), {@link #RAW_VALUE_BYTES} (int), {@link #RAW_VALUE_SHA256}, then the reason
     * and the Kafka coordinates.
     */
    public static Dataset<Row> of(Dataset<Row> rejected, int maxRawValueBytes) {
        requireColumns(rejected);
        if (maxRawValueBytes < 4) {
            throw new IllegalArgumentException("Cannot cut dead-letter values to " + maxRawValueBytes
                    + " bytes: a UTF-8 character takes up to 4. Set mlcycle.scorer.dead-letter.max-raw-value-bytes higher.");
        }
        Column bytes = col(KafkaEvents.RAW_VALUE).cast(DataTypes.BinaryType);
        return rejected.select(
                truncated(bytes, maxRawValueBytes).as(KafkaEvents.RAW_VALUE),
                octet_length(bytes).as(RAW_VALUE_BYTES),
                sha2(bytes, 256).as(RAW_VALUE_SHA256),
                col(KafkaEvents.REJECTION_REASON), col(KafkaEvents.KAFKA_TOPIC), col(KafkaEvents.KAFKA_PARTITION),
                col(KafkaEvents.KAFKA_OFFSET), col(KafkaEvents.KAFKA_TIMESTAMP));
    }

    /**
     * The first {@code max} bytes, shortened to the last character boundary: when the first byte left out is a UTF-8
     * continuation byte (10xxxxxx), the character it belongs to starts at most 3 bytes before it and is left out whole.
     */
    private static Column truncated(Column bytes, int max) {
        Column cut = when(not(isContinuation(bytes, max + 1)), lit(max))
                .when(not(isContinuation(bytes, max)), lit(max - 1))
                .when(not(isContinuation(bytes, max - 1)), lit(max - 2))
                .otherwise(lit(max - 3));
        return when(octet_length(bytes).leq(max), bytes.cast(DataTypes.StringType))
                .otherwise(substring(bytes, lit(1), cut).cast(DataTypes.StringType));
    }

    /** Whether the byte at 1-based {@code position} is a continuation byte: its hex form starts with 8, 9, A or B. */
    private static Column isContinuation(Column bytes, int position) {
        return hex(substring(bytes, position, 1)).rlike("^[89AB]");
    }

    private static void requireColumns(Dataset<Row> rows) {
        Set<String> present = Set.of(rows.columns());
        List<String> missing = REJECTED_COLUMNS.stream().filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot make dead letters: columns " + missing + " are missing; the rows have "
                    + List.of(rows.columns()) + ". Pass the output of KafkaEvents.rejected.");
        }
    }
}
