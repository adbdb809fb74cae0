package io.mlcycle.streaming;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.platform.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at the serving edge never stops the scorer (real in-JVM Kafka, Spark local[2], Delta, a real model): between
 * valid events come a 2 MB record (twice the producer's default max.request.size; the events topic accepts it), an event
 * whose prediction would be larger than a Kafka record, and an event one hour in the future. The query keeps running, the
 * valid events before and after are scored, and the dead letters hold the large record cut with its size and digest,
 * the other two with their reasons.
 */
class ScorerBadInputIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int EVENTS_MAX_BYTES = 4 * 1024 * 1024;

    @TempDir
    static Path work;

    private static KafkaClusterTestKit kafka;
    private static SparkSession spark;
    private static KafkaProducer<String, String> producer;
    private static LakeSettings lake;
    private static StreamingQuery query;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start(work.resolve("kafka"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, TestSettings.TOPICS.events());
            admin.incrementalAlterConfigs(Map.of(events, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", String.valueOf(EVENTS_MAX_BYTES)), AlterConfigOp.OpType.SET)))).all().get();
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.request.size", EVENTS_MAX_BYTES),
                new StringSerializer(), new StringSerializer());

        spark = SparkSessions.create("ScorerBadInputIT", TestSettings.SPARK);
        FakeModelRegistry registry = new FakeModelRegistry();
        registry.createVersion(TestSettings.MODEL, TestModels.writeModelFolder(spark, work.resolve("model-1"), 0.0).toString(), "run-1", Map.of());
        registry.setAlias(TestSettings.MODEL, TestSettings.ALIAS, "1");
        ChampionModels champions = new ChampionModels(registry, new DirectoryModelFiles(), TestSettings.MODEL, TestSettings.ALIAS, work.resolve("cache"),
                TestModels.SPEC.task());
        lake = TestSettings.lake(work);
        MonitorSettings monitor = new MonitorSettings(Duration.ofHours(1), Duration.ofMinutes(10), 0.2, 30, TestModels.BINS);

        ScorerSettings scorer = TestSettings.scorer(work, 1000);
        KafkaSettings kafkaSettings = TestSettings.kafka(kafka.bootstrapServers());
        query = new ScoringQuery(spark, TestModels.SPEC, scorer, monitor, kafkaSettings, lake, champions,
                new KafkaEventSource(kafkaSettings, scorer), new KafkaJsonSink(kafkaSettings.bootstrapServers(), scorer.producerMaxRequestSize()))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (query != null) {
            query.stop();
        }
        if (spark != null) {
            spark.stop();
        }
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterAndTheStreamGoesOn() throws Exception {
        for (int i = 0; i < 5; i++) {
            send("before-" + i, TestRecords.event("before-" + i, "2026-01-01T00:0%d:00Z".formatted(i), i, 1.0));
        }
        // 2 MB of one-, two-, three- and four-byte characters, rejected for its amount
        String padding = "aé€😀".repeat(2 * 1024 * 1024 / 10);
        String large = TestRecords.json(Map.of("event_id", "large-1", "event_time", "2026-01-01T00:10:00Z", "amount", "abc", "padding", padding));
        RecordMetadata largeAt = send("large-1", large);
        // valid, but the channel (1.5 MB) is echoed into the prediction, larger than the producer's 1 MB limit
        String echoed = TestRecords.json(Map.of("event_id", "echoed-1", "event_time", "2026-01-01T00:11:00Z", "amount", 300.0,
                "channel", "w".repeat(1536 * 1024)));
        RecordMetadata echoedAt = send("echoed-1", echoed);
        String futureTime = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        String future = TestRecords.event("future-1", futureTime, 5, 1.0);
        RecordMetadata futureAt = send("future-1", future);

        Map<String, JsonNode> deadLetters = TestRecords.awaitJson(kafka.bootstrapServers(), TestSettings.TOPICS.deadLetter(), 3,
                json -> true, TestRecords::idOrCoordinates, TIMEOUT);
        assertThat(predictionIds()).containsExactlyInAnyOrder("before-0", "before-1", "before-2", "before-3", "before-4");
        assertThat(query.isActive()).isTrue();

        for (int i = 0; i < 5; i++) {
            send("after-" + i, TestRecords.event("after-" + i, "2026-01-01T00:2%d:00Z".formatted(i), i, 1.0));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(predictionIds()).hasSize(10));
        assertThat(predictionIds()).contains("after-0", "after-1", "after-2", "after-3", "after-4").doesNotContain("echoed-1", "future-1");
        Map<String, JsonNode> onTopic = TestRecords.awaitJson(kafka.bootstrapServers(), TestSettings.TOPICS.predictions(), 10,
                json -> true, TestRecords::idOrCoordinates, TIMEOUT);
        assertThat(onTopic).containsOnlyKeys(predictionIds());
        assertThat(query.isActive()).isTrue();
        assertThat(query.exception().isEmpty()).isTrue();

        // the large record: cut to at most 64 KiB at a character boundary, with its full size and digest
        JsonNode largeLetter = deadLetters.get("events-" + largeAt.partition() + "-" + largeAt.offset());
        byte[] largeBytes = large.getBytes(StandardCharsets.UTF_8);
        assertThat(largeBytes.length).isGreaterThan(2 * 1000 * 1000);
        assertThat(largeLetter.path("rejection_reason").asText()).isEqualTo("amount is not a number: 'abc'");
        assertThat(largeLetter.path("raw_value_bytes").asLong()).isEqualTo(largeBytes.length);
        assertThat(largeLetter.path("raw_value_sha256").asText()).isEqualTo(sha256(largeBytes));
        String kept = largeLetter.path("raw_value").asText();
        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isBetween(65536 - 3, 65536);
        assertThat(large).startsWith(kept);

        JsonNode echoedLetter = deadLetters.get("events-" + echoedAt.partition() + "-" + echoedAt.offset());
        assertThat(echoedLetter.path("rejection_reason").asText())
                .matches("prediction is too large for Kafka: its record is \\d{7} bytes, more than mlcycle.scorer.producer-max-request-size = 1048576");
        assertThat(echoedLetter.path("raw_value_bytes").asLong()).isEqualTo(echoed.getBytes(StandardCharsets.UTF_8).length);
        assertThat(echoedLetter.path("raw_value_sha256").asText()).isEqualTo(sha256(echoed.getBytes(StandardCharsets.UTF_8)));

        JsonNode futureLetter = deadLetters.get("events-" + futureAt.partition() + "-" + futureAt.offset());
        Matcher reason = Pattern.compile("event_time is ([0-9.]+)s in the future \\(more than mlcycle.scorer.max-future-skew = 5m\\): '(.*)'")
                .matcher(futureLetter.path("rejection_reason").asText());
        assertThat(reason.matches()).as(futureLetter.path("rejection_reason").asText()).isTrue();
        // sent an hour ahead, scored a few seconds later
        assertThat(Double.parseDouble(reason.group(1))).isBetween(3600.0 - TIMEOUT.toSeconds(), 3600.0);
        assertThat(reason.group(2)).isEqualTo(futureTime);
        assertThat(futureLetter.path("raw_value").asText()).isEqualTo(future);

        List<Row> table = spark.read().format("delta").load(lake.deadLetterTable()).orderBy("kafka_offset").collectAsList();
        assertThat(table).hasSize(3);
        Row largeRow = table.stream().filter(row -> row.<Long>getAs("kafka_offset") == largeAt.offset()
                && row.<Integer>getAs("kafka_partition") == largeAt.partition()).findFirst().orElseThrow();
        assertThat(largeRow.<String>getAs("raw_value")).isEqualTo(kept);
        assertThat(largeRow.<Integer>getAs("raw_value_bytes")).isEqualTo(largeBytes.length);
        assertThat(largeRow.<String>getAs("raw_value_sha256")).isEqualTo(sha256(largeBytes));
        assertThat(table).extracting(row -> row.<String>getAs("rejection_reason"))
                .anySatisfy(text -> assertThat(text).startsWith("prediction is too large for Kafka"))
                .anySatisfy(text -> assertThat(text).startsWith("event_time is "));
    }

    private static RecordMetadata send(String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(TestSettings.TOPICS.events(), key, value)).get();
    }

    private static List<String> predictionIds() {
        if (!io.delta.tables.DeltaTable.isDeltaTable(spark, lake.predictionsTable())) {
            return List.of();
        }
        return spark.read().format("delta").load(lake.predictionsTable()).select(col("event_id")).collectAsList().stream()
                .map(row -> row.getString(0)).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
