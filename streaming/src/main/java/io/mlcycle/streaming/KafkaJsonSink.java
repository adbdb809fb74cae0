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
 */
public final class KafkaJsonSink {
    private final String bootstrapServers;

    public KafkaJsonSink(String bootstrapServers) {
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
    }

    public void write(Dataset<Row> rows, Column key, String topic) {
        Column[] fields = Arrays.stream(rows.columns()).map(name -> col("`" + name.replace("`", "``") + "`")).toArray(Column[]::new);
        rows.select(key.cast("string").as("key"), to_json(struct(fields)).as("value"))
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("topic", topic)
                .save();
    }
}
