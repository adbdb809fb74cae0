package io.mlcycle.streaming;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Keeps the records the scorer writes, per topic, as Kafka would receive them: key and JSON value. Thread-safe. */
final class MemoryRecordSink implements RecordSink {
    record Record(String key, String value) {}

    private final Map<String, List<Record>> topics = new ConcurrentHashMap<>();

    @Override
    public void write(Dataset<Row> rows, Column key, String topic) {
        List<Record> records = JsonRecords.render(rows, key).collectAsList().stream()
                .map(row -> new Record(row.getString(0), row.getString(1)))
                .toList();
        topics.computeIfAbsent(topic, name -> new CopyOnWriteArrayList<>()).addAll(records);
    }

    List<Record> records(String topic) {
        return List.copyOf(topics.getOrDefault(topic, List.of()));
    }
}
