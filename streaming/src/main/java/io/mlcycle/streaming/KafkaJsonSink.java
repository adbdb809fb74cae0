package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes rows to a Kafka topic as JSON records ({@link JsonRecords}). At least once: a micro-batch replayed after a crash
 * writes its records again, so consumers must tolerate duplicates (de-duplicate on the key plus the fields that identify
 * the record).
 */
public final class KafkaJsonSink implements RecordSink {
    private final String bootstrapServers;

    public KafkaJsonSink(String bootstrapServers) {
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
    }

    @Override
    public void write(Dataset<Row> rows, Column key, String topic) {
        JsonRecords.render(rows, key)
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("topic", topic)
                .save();
    }
}
