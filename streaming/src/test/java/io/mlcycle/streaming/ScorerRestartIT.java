package io.mlcycle.streaming;

import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.platform.SparkSessions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer in its own JVM ({@link ScorerProcess}), killed with SIGKILL twice while it works through a backlog and
 * started again on the same checkpoint: every event must be in the predictions table once, counted once in the
 * drift counts, and every closed window evaluated once.
 *
 * <p>The kills come right after a batch's predictions appear in Delta, while that batch still writes to Kafka and the
 * monitor and has not been marked done in the checkpoint: the restarted query replays it, and Delta must skip its writes.
 */
class ScorerRestartIT {
    /** 2000 events 10 s apart: 00:00:00 to 05:33:10, 360 per hour. */
    private static final int EVENTS = 2000;
    /** Generous: three JVMs start Spark on two cores, and other builds may share the machine. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static KafkaClusterTestKit kafka;
    private static SparkSession spark;
    private static Path modelDir;
    private static Path logs;
    private final List<Process> scorers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start(work.resolve("kafka"));
        spark = SparkSessions.create("ScorerRestartIT", TestSettings.SPARK);
        modelDir = TestModels.writeModelFolder(spark, work.resolve("model-1"), 0.0);
        logs = Files.createDirectories(Path.of("target", "scorer-restart-it", work.getFileName().toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void killScorers() {
        scorers.forEach(Process::destroyForcibly);
    }

    @Test
    void everyEventIsScoredAndCountedOnceAcrossKills() throws Exception {
        produceEvents();

        // batches of about 500 events: 900 and 1900 rows are first seen right after the 2nd and the 4th batch's predictions
        Process first = startScorer();
        awaitUntil(() -> predictionRows() >= 900);
        kill(first);
        Process second = startScorer();
        awaitUntil(() -> predictionRows() >= 1900);
        kill(second);
        Process third = startScorer();
        awaitUntil(() -> predictionRows() >= EVENTS);
        // windows 00:00 to 03:00 close (the last event, 05:33:10, is past 04:00 + 1 h lateness); 3 features each
        awaitUntil(() -> rows(TestSettings.lake(work).driftTable()) >= 12);
        assertThat(third.isAlive()).as("third scorer still running").isTrue();

        Dataset<Row> predictions = table(TestSettings.lake(work).predictionsTable());
        assertThat(predictions.count()).isEqualTo(EVENTS);
        assertThat(predictions.agg(countDistinct("event_id")).first().getLong(0)).isEqualTo(EVENTS);

        List<Row> countedPerFeature = table(TestSettings.lake(work).driftCountsTable())
                .groupBy("feature").agg(sum("count")).orderBy("feature").collectAsList();
        assertThat(countedPerFeature).extracting(row -> row.getString(0) + "=" + row.getLong(1))
                .containsExactly("amount=" + EVENTS, "channel=" + EVENTS, "income=" + EVENTS);

        List<Row> drift = table(TestSettings.lake(work).driftTable()).collectAsList();
        assertThat(drift).hasSize(12);
        assertThat(drift).extracting(row -> row.getAs("window_start").toString() + "/" + row.getAs("feature")).doesNotHaveDuplicates();
        assertThat(drift).allSatisfy(row -> assertThat(row.<Long>getAs("events")).isEqualTo(360L));
    }

    private static void produceEvents() throws Exception {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 20), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                Map<String, Object> event = new HashMap<>();
                event.put("event_id", "e-" + i);
                event.put("customer", "c-" + (i % 7));
                event.put("event_time", start.plusSeconds(10L * i).toString());
                event.put("amount", TestModels.amount(i));
                event.put("income", TestModels.income(i));
                event.put("channel", TestModels.channel(i));
                producer.send(new ProducerRecord<>(TestSettings.TOPICS.events(), "e-" + i, JSON.writeValueAsString(event)));
            }
            producer.flush();
        }
    }

    private Process startScorer() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--add-opens") || argument.startsWith("-D") || argument.startsWith("-XX:+Ignore"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScorerProcess.class.getName(),
                kafka.bootstrapServers(), work.toString(), modelDir.toString()));
        Path log = logs.resolve("scorer-" + (scorers.size() + 1) + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        scorers.add(process);
        return process;
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        assertThat(process.exitValue()).as("exit value of a JVM killed with SIGKILL").isEqualTo(137);
    }

    private static long predictionRows() {
        return rows(TestSettings.lake(work).predictionsTable());
    }

    /** Polls once a second: the scorer in the other JVM needs the two cores more than this test does. */
    private static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(condition);
    }

    /**
     * Rows of a table another JVM writes. Existence is checked on disk: DeltaTable.isDeltaTable would cache the table's
     * log here while it did not exist yet and keep answering false; the first commit file is written atomically.
     */
    private static long rows(String path) {
        return Files.exists(Path.of(path, "_delta_log", "00000000000000000000.json")) ? table(path).count() : 0;
    }

    private static Dataset<Row> table(String path) {
        return spark.read().format("delta").load(path);
    }
}
