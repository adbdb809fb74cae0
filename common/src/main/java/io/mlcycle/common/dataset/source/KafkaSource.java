package io.mlcycle.common.dataset.source;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;

/**
 * A Kafka topic whose records (JSON objects, one per record) are read in batches of offset ranges. The offsets read
 * are committed in the same Delta transaction as the rows, so a rerun after a crash neither loses nor duplicates.
 *
 * @param maxRecordsPerRun upper bound of records one run reads over all partitions; 0 for everything available
 */
public record KafkaSource(String name, String topic, String bootstrapServers, long maxRecordsPerRun) implements SourceSpec {
    public KafkaSource {
        requireNonNull(name, "name is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(bootstrapServers, "bootstrapServers is null");
    }

    @Override
    public Type type() {
        return Type.KAFKA;
    }

    static KafkaSource read(ConfigReader element, String name, String defaultBootstrapServers) {
        element.rejectUnknownKeys("name", "type", "topic", "bootstrap-servers", "max-records-per-run");
        KafkaSource source = new KafkaSource(name, element.nonBlankString("topic"), element.stringOr("bootstrap-servers", defaultBootstrapServers),
                element.longOr("max-records-per-run", 0));
        element.check(source.maxRecordsPerRun >= 0, "max-records-per-run", String.valueOf(source.maxRecordsPerRun), "0 (no bound) or more");
        return source;
    }
}
