package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes rows to a Kafka topic as JSON objects (one field per column; timestamps as ISO-8601 text in the session time
 * zone, UTC in mlcycle). At least once: a micro-batch replayed after a crash writes its records again, so consumers
 * must tolerate duplicates (de-duplicate on the key plus the fields that identify the record).
 *
 * <p>The producer's {@code max.request.size} is {@code maxRequestSize}: a larger record fails the write, so callers keep
 * larger rows out first ({@link OversizedRecords}).
 */
public final class KafkaJsonSink {
    private final String bootstrapServers;
    private final int maxRequestSize;

    public KafkaJsonSink(String bootstrapServers, int maxRequestSize) {
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
        if (maxRequestSize < 1) {
            throw new IllegalArgumentException("Cannot write to Kafka with a max.request.size of " + maxRequestSize + " bytes: it must be positive.");
        }
        this.maxRequestSize = maxRequestSize;
    }

    public void write(Dataset<Row> rows, Column key, String topic) {
        records(rows, key)
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("kafka.max.request.size", String.valueOf(maxRequestSize))
                .option("topic", topic)
                .save();
    }

    /** The records {@link #write} sends: {@code key} as text and {@code value}, the row as one JSON object. */
    static Dataset<Row> records(Dataset<Row> rows, Column key) {
        return rows.select(key.cast("string").as("key"), jsonValue(rows).as("value"));
    }

    /** A row of {@code rows} as the JSON object {@link #write} sends. */
    static Column jsonValue(Dataset<Row> rows) {
        Column[] fields = Arrays.stream(rows.columns()).map(name -> col("`" + name.replace("`", "``") + "`")).toArray(Column[]::new);
        return to_json(struct(fields));
    }
}
