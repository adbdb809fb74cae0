package io.mlcycle.streaming;

import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.platform.SparkSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The scorer as its own JVM, for the restart test: {@code ScorerProcess <bootstrap servers> <work dir> <model dir>}.
 * Wired like {@link StreamingMain}, with the test's registry and model files instead of MLflow's.
 */
public final class ScorerProcess {
    /** Monitor settings of the restart test: 1 h windows, 1 h lateness (no event is ever too late), 30 events. */
    static final MonitorSettings MONITOR = new MonitorSettings(Duration.ofHours(1), Duration.ofHours(1), 0.2, 30, TestModels.BINS);
    static final long MAX_OFFSETS_PER_TRIGGER = 500;

    private ScorerProcess() {}

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        Path work = Path.of(args[1]);
        FakeModelRegistry registry = new FakeModelRegistry();
        registry.createVersion(TestSettings.MODEL, args[2], "run-1", Map.of());
        registry.setAlias(TestSettings.MODEL, TestSettings.ALIAS, "1");

        SparkSession spark = SparkSessions.create("ScorerProcess", TestSettings.SPARK);
        try {
            ChampionModels champions = new ChampionModels(registry, new DirectoryModelFiles(), TestSettings.MODEL, TestSettings.ALIAS,
                    work.resolve("cache"), TestModels.SPEC.task());
            ScorerSettings scorer = TestSettings.scorer(work, MAX_OFFSETS_PER_TRIGGER);
            KafkaSettings kafka = TestSettings.kafka(bootstrapServers);
            new ScoringQuery(spark, TestModels.SPEC, scorer, MONITOR, kafka, TestSettings.lake(work), champions,
                    new KafkaEventSource(kafka, scorer), new KafkaJsonSink(bootstrapServers, scorer.producerMaxRequestSize())).run();
        } finally {
            spark.stop();
        }
    }
}
