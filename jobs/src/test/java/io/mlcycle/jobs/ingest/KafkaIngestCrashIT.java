package io.mlcycle.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.platform.SparkTestSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The Kafka ingest in its own JVM ({@link KafkaIngestProcess}), killed with SIGKILL at the two points that matter, then
 * run again in this JVM: bronze must hold every record exactly once, and the ingestion log say what was read.
 */
class KafkaIngestCrashIT {
    /** Generous: the child JVM starts Spark on two cores that other builds may share. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    static Path work;

    private static KafkaClusterTestKit kafka;
    private static SparkSession spark;
    private static Path logs;
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = io.mlcycle.jobs.testing.TestKafka.start(work.resolve("kafka"));
        spark = SparkTestSession.start(KafkaIngestCrashIT.class);
        logs = Files.createDirectories(Path.of("target", "kafka-ingest-crash-it", work.getFileName().toString()));
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
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void aKillBetweenReadingAndCommittingLosesAndDuplicatesNothing() throws Exception {
        // 20 records on partition 0, 10 on partition 1
        KafkaRecords.createTopic(kafka, "crash-before-commit", 2);
        KafkaRecords.produce(kafka, "crash-before-commit", 0, KafkaRecords.records("a", 20));
        KafkaRecords.produce(kafka, "crash-before-commit", 1, KafkaRecords.records("b", 10));
        Path dir = work.resolve("before-commit");
        LakeSettings lake = IngestFixtures.lake(dir);

        killAt("crash-before-commit", dir, "bronze-commit");
        assertThat(Path.of(lake.bronzeTable("stream"), "_delta_log", "00000000000000000000.json")).as("no bronze commit").doesNotExist();

        new IngestJob(spark, KafkaIngestProcess.dataset("crash-before-commit", kafka.bootstrapServers()), lake, "").run();

        Dataset<Row> bronze = table(lake.bronzeTable("stream"));
        assertThat(bronze.count()).isEqualTo(30);
        assertThat(bronze.select(BronzeColumns.KAFKA_PARTITION, BronzeColumns.KAFKA_OFFSET).distinct().count()).isEqualTo(30);
        List<Row> log = table(lake.ingestionLogTable()).collectAsList();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).<Long>getAs("rows")).isEqualTo(30L);
        assertThat(log.get(0).<String>getAs("offsets")).isEqualTo("{\"crash-before-commit\":{\"0\":[0,20],\"1\":[0,10]}}");
        assertThat(log.get(0).<Long>getAs("bronze_version")).isZero();
    }

    @Test
    void aKillAfterTheCommitBeforeTheLogRowLeavesNothingForTheRerunToAdd() throws Exception {
        KafkaRecords.createTopic(kafka, "crash-after-commit", 2);
        KafkaRecords.produce(kafka, "crash-after-commit", 0, KafkaRecords.records("a", 20));
        KafkaRecords.produce(kafka, "crash-after-commit", 1, KafkaRecords.records("b", 10));
        Path dir = work.resolve("after-commit");
        LakeSettings lake = IngestFixtures.lake(dir);

        killAt("crash-after-commit", dir, "log-row");
        assertThat(table(lake.bronzeTable("stream")).count()).as("bronze committed before the kill").isEqualTo(30);
        assertThat(Path.of(lake.ingestionLogTable())).as("no log row").doesNotExist();

        new IngestJob(spark, KafkaIngestProcess.dataset("crash-after-commit", kafka.bootstrapServers()), lake, "").run();

        Dataset<Row> bronze = table(lake.bronzeTable("stream"));
        assertThat(bronze.count()).isEqualTo(30);
        assertThat(bronze.select(BronzeColumns.KAFKA_PARTITION, BronzeColumns.KAFKA_OFFSET).distinct().count()).isEqualTo(30);
        List<Row> log = table(lake.ingestionLogTable()).collectAsList();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).<Long>getAs("rows")).isZero();
        assertThat(log.get(0).isNullAt(log.get(0).fieldIndex("bronze_version"))).isTrue();
    }

    /** Starts the ingest in its own JVM, waits until it reaches {@code stopPoint}, and kills it with SIGKILL. */
    private void killAt(String topic, Path dir, String stopPoint) throws Exception {
        Path marker = dir.resolve("stopped-at-" + stopPoint);
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--add-opens") || argument.startsWith("-D") || argument.startsWith("-XX:+Ignore"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KafkaIngestProcess.class.getName(),
                kafka.bootstrapServers(), topic, dir.toString(), stopPoint, marker.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(topic + ".log").toFile()).start();
        children.add(process);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(marker) || !process.isAlive());
        assertThat(process.isAlive()).as("the ingest process reached " + stopPoint + " (log: " + logs.resolve(topic + ".log") + ")").isTrue();
        process.destroyForcibly();
        process.waitFor();
        assertThat(process.exitValue()).as("exit value of a JVM killed with SIGKILL").isEqualTo(137);
    }

    private static Dataset<Row> table(String path) {
        return spark.read().format("delta").load(path);
    }
}
