package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.ScorerSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The events topic through Spark's Kafka source: starting offsets and the bound of records per micro-batch from
 * {@link ScorerSettings}. Records deleted by retention before they were read are skipped, not a failure: the scorer
 * must keep running on a topic whose retention is shorter than an outage.
 */
public final class KafkaEventSource implements EventSource {
    private final KafkaSettings kafka;
    private final ScorerSettings scorer;

    public KafkaEventSource(KafkaSettings kafka, ScorerSettings scorer) {
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.scorer = requireNonNull(scorer, "scorer is null");
    }

    @Override
    public Dataset<Row> events(SparkSession spark) {
        return spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", kafka.bootstrapServers())
                .option("subscribe", kafka.topics().events())
                .option("startingOffsets", scorer.startingOffsets())
                .option("maxOffsetsPerTrigger", scorer.maxOffsetsPerTrigger())
                .option("failOnDataLoss", "false")
                .load();
    }
}
