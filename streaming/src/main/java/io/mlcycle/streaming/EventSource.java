package io.mlcycle.streaming;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the scorer's events come from: a streaming {@link Dataset} of Kafka-shaped records, with the columns and types of
 * Spark's Kafka source ({@code key} binary, {@code value} binary, {@code topic} string, {@code partition} int,
 * {@code offset} long, {@code timestamp} timestamp; others, such as {@code timestampType}, may follow).
 * {@link KafkaEventSource} reads the events topic; a test hands in a {@code MemoryStream}.
 */
@FunctionalInterface
public interface EventSource {
    Dataset<Row> events(SparkSession spark);
}
