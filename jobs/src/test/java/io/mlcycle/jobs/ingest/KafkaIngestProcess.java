package io.mlcycle.jobs.ingest;

import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.platform.SparkSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest job as its own JVM, for the crash test: {@code KafkaIngestProcess <bootstrap servers> <topic> <work dir>
 * <stop point> <marker file>}. It ingests the topic as source "stream" into {@code <work dir>/lake} and, at the stop
 * point ({@code bronze-commit}: records read, bronze not committed; {@code log-row}: bronze committed, no log row),
 * writes the marker file and waits to be killed.
 */
public final class KafkaIngestProcess {
    private KafkaIngestProcess() {}

    public static void main(String[] args) {
        String bootstrapServers = args[0];
        Path work = Path.of(args[2]);
        String stopPoint = args[3];
        Path marker = Path.of(args[4]);
        IngestHook hook = new IngestHook() {
            @Override
            public void beforeBronzeCommit(String sourceName) {
                stopIf(stopPoint.equals("bronze-commit"), marker);
            }

            @Override
            public void beforeLogRow(String sourceName) {
                stopIf(stopPoint.equals("log-row"), marker);
            }
        };
        DatasetSpec dataset = dataset(args[1], bootstrapServers);
        SparkSession spark = SparkSessions.create("KafkaIngestProcess", new SparkSettings("local[2]", 2, 2, "1g"));
        try {
            new IngestJob(spark, dataset, IngestFixtures.lake(work), "", source -> IngestJob.ingester(source, dataset, hook), hook).run();
        } finally {
            spark.stop();
        }
    }

    static DatasetSpec dataset(String topic, String bootstrapServers) {
        return IngestFixtures.dataset(List.of(IngestFixtures.kafka("stream", topic, bootstrapServers, 0)));
    }

    private static void stopIf(boolean here, Path marker) {
        if (!here) {
            return;
        }
        try {
            Files.writeString(marker, "stopped");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (true) {
            LockSupport.park();
        }
    }
}
