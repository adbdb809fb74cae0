package io.mlcycle.streaming.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.NumericReference;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.scoring.ScoringModel;
import io.mlcycle.platform.SparkSessions;
import io.mlcycle.platform.delta.IdempotentDeltaAppend;
import io.mlcycle.streaming.KafkaJsonSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against real Delta tables, restarted between batches the way a crashed scorer is: a new instance
 * restores from the tables and may be handed the last batch again. The reference is one feature with bins
 * {@code < 10}, {@code >= 10}, missing at 50/50/0, and every batch follows it (PSI 0), so no alert is ever published
 * (the Kafka sink points at no broker and would fail the test).
 */
class DriftMonitorTest {
    private static final ReferenceProfile REFERENCE =
            new ReferenceProfile(List.of(new NumericReference("amount", List.of(10.0), List.of(50L, 50L, 0L))));
    private static final MonitorSettings SETTINGS = new MonitorSettings(Duration.ofHours(1), Duration.ofMinutes(10), 0.2, 25, 2);
    private static final StructType SCORED = new StructType()
            .add("event_time", DataTypes.TimestampType)
            .add("amount", DataTypes.DoubleType);

    private static SparkSession spark;
    private static ScoringModel model;

    @TempDir
    Path work;
    private LakeSettings lake;

    @BeforeAll
    static void startSpark() {
        spark = SparkSessions.create("DriftMonitorTest", new SparkSettings("local[2]", 2, 2, "1g"));
        Dataset<Row> nothing = spark.createDataFrame(List.of(), SCORED);
        model = new ScoringModel(new ModelVersion("model", "1", "run-1", "source"),
                new Pipeline().setStages(new PipelineStage[0]).fit(nothing), REFERENCE, TaskType.BINARY, Optional.empty());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void tables() {
        String root = work.toString();
        lake = new LakeSettings(root + "/bronze", root + "/silver", root + "/quarantine", root + "/features", root + "/predictions", root + "/dead_letters",
                root + "/drift", root + "/alerts", root + "/drift_counts", root + "/ingestion_log");
    }

    @Test
    void replayedBatchAfterARestartIsCountedOnce() {
        DriftMonitor first = restoredMonitor();
        first.process(scored(10, "10:00", 20), model, 0);
        Dataset<Row> batchOne = scored(10, "10:30", 10).union(scored(10, "11:05", 2));
        first.process(batchOne, model, 1);
        long countRowsBefore = countRows();

        // crash after batch 1's counts were stored, before Spark marked the batch done: batch 1 comes again
        DriftMonitor second = restoredMonitor();
        second.process(batchOne, model, 1);
        assertThat(countRows()).isEqualTo(countRowsBefore);
        second.process(scored(10, "11:20", 1), model, 2);

        // window 10:00 holds 20 + 10 events: 40 if the replay had been counted again, 20 (under 25, not evaluated) if lost
        List<Row> drift = driftRows();
        assertThat(drift).hasSize(1);
        assertThat(drift.get(0).<Long>getAs("events")).isEqualTo(30L);
        assertThat(drift.get(0).<Timestamp>getAs("window_start").toInstant()).isEqualTo(at("10:00"));
        assertThat(drift.get(0).<Double>getAs("value")).isEqualTo(0.0);
    }

    @Test
    void evaluatedWindowIsNotEvaluatedAgainAfterARestart() {
        DriftMonitor first = restoredMonitor();
        first.process(scored(10, "10:00", 30), model, 0);
        first.process(scored(10, "11:15", 2), model, 1);
        assertThat(driftRows()).hasSize(1);

        DriftMonitor second = restoredMonitor();
        second.process(scored(10, "11:15", 2), model, 1);
        // a late event of 10:00 and later ones: the window is closed and evaluated, nothing is added or evaluated again
        second.process(scored(10, "10:40", 30).union(scored(10, "12:30", 2)), model, 2);

        assertThat(driftRows()).hasSize(1);
        assertThat(driftRows().get(0).<Long>getAs("events")).isEqualTo(30L);
    }

    @Test
    void windowCountedBeforeACrashIsEvaluatedByTheRestartedMonitor() {
        DriftMonitor first = restoredMonitor();
        first.process(scored(10, "10:00", 30), model, 0);

        DriftMonitor second = restoredMonitor();
        second.process(scored(10, "11:10", 2), model, 1);

        assertThat(driftRows()).extracting(row -> row.<Long>getAs("events")).containsExactly(30L);
    }

    @Test
    void referenceOfAnotherDatasetIsExplained() {
        Dataset<Row> withoutAmount = scored(10, "10:00", 1).select("event_time");

        assertThatThrownBy(() -> restoredMonitor().process(withoutAmount, model, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot monitor drift with the reference of model version 1: its features [amount] or the event time"
                        + " event_time are not columns of the scored events [event_time]. The model was trained on another dataset"
                        + " spec; retrain it with the current mlcycle.dataset.");
    }

    private DriftMonitor restoredMonitor() {
        DriftMonitor monitor = new DriftMonitor(spark, SETTINGS, lake, "event_time", version -> REFERENCE,
                new IdempotentDeltaAppend("test-scorer"), new KafkaJsonSink("127.0.0.1:1", 1048576), "alerts");
        monitor.restore();
        return monitor;
    }

    /** {@code events} rows a minute apart from {@code start}, half below and half above the edge {@code split}. */
    private static Dataset<Row> scored(double split, String start, int events) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            rows.add(RowFactory.create(Timestamp.from(at(start).plusSeconds(60L * i)), i % 2 == 0 ? split - 5 : split + 5));
        }
        return spark.createDataFrame(rows, SCORED);
    }

    private long countRows() {
        return spark.read().format("delta").load(lake.driftCountsTable()).count();
    }

    private List<Row> driftRows() {
        if (!Files.exists(Path.of(lake.driftTable(), "_delta_log"))) {
            return List.of();
        }
        return spark.read().format("delta").load(lake.driftTable()).collectAsList();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-01T" + time + ":00Z");
    }
}
