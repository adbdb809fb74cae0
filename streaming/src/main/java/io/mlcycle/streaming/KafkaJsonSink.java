package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes rows to a Kafka topic as JSON records ({@link JsonRecords}). At least once: a micro-batch replayed after a crash
 * writes its records again, so consumers must tolerate duplicates (de-duplicate on the key plus the fields that identify
 * the record).
 *
 * <p>The producer's {@code max.request.size} is {@code maxRequestSize}: a larger record fails the write, so callers keep
 * larger rows out first ({@link OversizedRecords}).
 */
public final class KafkaJsonSink implements RecordSink {
    private final String bootstrapServers;
    private final int maxRequestSize;

    public KafkaJsonSink(String bootstrapServers, int maxRequestSize) {
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
        if (maxRequestSize < 1) {
            throw new IllegalArgumentException("Cannot write to Kafka with a max.request.size of " + maxRequestSize + " bytes: it must be positive.");
        }
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    public void write(Dataset<Row> rows, Column key, String topic) {
        JsonRecords.render(rows, key)
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("kafka.max.request.size", String.valueOf(maxRequestSize))
                .option("topic", topic)
                .save();
    }
}
