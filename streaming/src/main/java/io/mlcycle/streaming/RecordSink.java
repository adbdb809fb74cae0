package io.mlcycle.streaming;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where the scorer's JSON records go: predictions, dead letters and drift alerts, each to its topic, one record per row
 * as {@link JsonRecords} renders it. Called on the driver, inside a micro-batch; at least once (a replayed batch writes
 * its records again). {@link KafkaJsonSink} writes to Kafka.
 */
public interface RecordSink {
    /** Writes one record per row of {@code rows} to {@code topic}, keyed by {@code key} (as text). */
    void write(Dataset<Row> rows, Column key, String topic);
}
