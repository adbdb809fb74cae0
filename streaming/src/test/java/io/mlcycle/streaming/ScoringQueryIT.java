package io.mlcycle.streaming;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.platform.SparkSessions;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer against a real in-JVM Kafka cluster, Spark local[2] and Delta, with a real model served through a fake
 * registry. One query runs through the steps of a day of events, in event-time order (window 1 h, lateness 10 min, at
 * least 30 events per window and model version):
 * <ol>
 *   <li>00:00-00:19 with version 1: 20 valid events, one malformed, one with a non-numeric amount;</li>
 *   <li>the alias moves to version 2; 00:30-00:39: 10 events scored by version 2 (window 00:00 never has 30 events of
 *       one version, so it is never evaluated);</li>
 *   <li>01:00-01:59: 60 events drawn exactly like the training data, then 02:00-02:59: 60 events with the amount
 *       tripled, then one at 03:15 that closes the 02:00 window; only the shifted window and feature raise an alert;</li>
 *   <li>a late event for 01:00 and one more at 03:20 evaluate nothing again.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoringQueryIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String MODEL = TestSettings.MODEL;
    private static final String ALIAS = TestSettings.ALIAS;
    private static final KafkaSettings.Topics TOPICS = TestSettings.TOPICS;
    private static final ObjectMapper JSON = TestRecords.JSON;

    @TempDir
    static Path work;

    private static KafkaClusterTestKit kafka;
    private static SparkSession spark;
    private static KafkaProducer<String, String> producer;
    private static FakeModelRegistry registry;
    private static LakeSettings lake;
    private static StreamingQuery query;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start(work.resolve("kafka"));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(), new StringSerializer());

        spark = SparkSessions.create("ScoringQueryIT", TestSettings.SPARK);
        registry = new FakeModelRegistry();
        registry.createVersion(MODEL, TestModels.writeModelFolder(spark, work.resolve("model-1"), 0.0).toString(), "run-1", Map.of());
        registry.createVersion(MODEL, TestModels.writeModelFolder(spark, work.resolve("model-2"), 0.1).toString(), "run-2", Map.of());
        registry.setAlias(MODEL, ALIAS, "1");

        lake = TestSettings.lake(work);
        ScorerSettings scorer = TestSettings.scorer(work, 1000);
        MonitorSettings monitor = new MonitorSettings(Duration.ofHours(1), Duration.ofMinutes(10), 0.2, 30, TestModels.BINS);
        KafkaSettings kafkaSettings = TestSettings.kafka(kafka.bootstrapServers());
        ChampionModels champions = new ChampionModels(registry, new DirectoryModelFiles(), MODEL, ALIAS, work.resolve("cache"), TestModels.SPEC.task());

        query = new ScoringQuery(spark, TestModels.SPEC, scorer, monitor, kafkaSettings, lake, champions,
                new KafkaEventSource(kafkaSettings, scorer), new KafkaJsonSink(kafkaSettings.bootstrapServers(), scorer.producerMaxRequestSize())).start();
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
    @Order(1)
    void scoresValidEventsAndDeadLettersBadOnes() throws Exception {
        for (int i = 0; i < 20; i++) {
            send(event(String.format("s-%02d", i), "2026-01-01T00:%02d:00Z".formatted(i), i, 1.0));
        }
        String malformed = "{\"event_id\": \"bad-1\", \"event_time\": \"2026-01-01T00:05:00Z\", \"amount\": ";
        String notANumber = "{\"event_id\": \"bad-2\", \"event_time\": \"2026-01-01T00:06:00Z\", \"amount\": \"abc\", \"channel\": \"web\"}";
        RecordMetadata malformedAt = send("bad-1", malformed);
        RecordMetadata notANumberAt = send("bad-2", notANumber);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(predictionIds("s-")).hasSize(20));
        List<Row> predictions = predictions("s-");
        assertThat(predictions).extracting(row -> row.<String>getAs("event_id"))
                .containsExactlyInAnyOrderElementsOf(ids("s-%02d", 20));
        assertThat(predictions).allSatisfy(row -> {
            assertThat(row.<String>getAs("model_name")).isEqualTo(MODEL);
            assertThat(row.<String>getAs("model_version")).isEqualTo("1");
            assertThat(row.<String>getAs("model_run_id")).isEqualTo("run-1");
            assertThat(row.<Double>getAs("probability")).isBetween(0.0, 1.0);
            assertThat(row.<Double>getAs("prediction")).isIn(0.0, 1.0);
            assertThat(row.<Object>getAs("scored_at")).isNotNull();
            assertThat(row.<Integer>getAs("kafka_partition")).isIn(0, 1);
            assertThat(row.<Long>getAs("kafka_offset")).isNotNull();
        });
        // s-03: amount 100 + 3 * 50, income 2000 + 3 * 300, channel 'web' (3 % 4 == 3); s-07 has no income
        Row third = byId(predictions, "s-03");
        assertThat(List.of(third.<Double>getAs("amount"), third.<Double>getAs("income"), third.<String>getAs("channel")))
                .containsExactly(250.0, 2900.0, "web");
        assertThat(byId(predictions, "s-07").<Double>getAs("income")).isNull();
        assertThat(third.<Timestamp>getAs("event_time").toInstant()).isEqualTo(Instant.parse("2026-01-01T00:03:00Z"));
        // the label is "amount above 600": probability is that of the positive class
        assertThat(byId(predictions, "s-19").<Double>getAs("probability")).isGreaterThan(0.5);
        assertThat(byId(predictions, "s-00").<Double>getAs("probability")).isLessThan(0.5);

        Map<String, JsonNode> onTopic = awaitJson(TOPICS.predictions(), 20, json -> json.path("event_id").asText().startsWith("s-"));
        assertThat(onTopic.keySet()).containsExactlyInAnyOrderElementsOf(ids("s-%02d", 20));
        assertThat(onTopic.get("s-03").path("model_version").asText()).isEqualTo("1");
        assertThat(onTopic.get("s-03").path("amount").asDouble()).isEqualTo(250.0);
        assertThat(onTopic.get("s-03").path("probability").asDouble()).isEqualTo(third.<Double>getAs("probability"));

        List<JsonNode> deadLetters = new ArrayList<>(awaitJson(TOPICS.deadLetter(), 2,
                json -> json.path("raw_value").asText().contains("bad-")).values());
        assertThat(deadLetters).extracting(
                        json -> json.path("raw_value").asText(), json -> json.path("rejection_reason").asText(),
                        json -> json.path("kafka_topic").asText(), json -> json.path("kafka_partition").asInt(),
                        json -> json.path("kafka_offset").asLong())
                .containsExactlyInAnyOrder(
                        tuple(malformed, "malformed JSON: the value is not one well-formed JSON object",
                                "events", malformedAt.partition(), malformedAt.offset()),
                        tuple(notANumber, "amount is not a number: 'abc'",
                                "events", notANumberAt.partition(), notANumberAt.offset()));
        assertThat(deadLetters).allSatisfy(json -> assertThat(json.path("kafka_timestamp").asText()).isNotEmpty());

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(table(lake.deadLetterTable()).count()).isEqualTo(2));
        assertThat(table(lake.deadLetterTable()).collectAsList()).extracting(
                        row -> row.<String>getAs("raw_value"), row -> row.<String>getAs("rejection_reason"),
                        row -> row.<String>getAs("kafka_topic"), row -> row.<Integer>getAs("kafka_partition"),
                        row -> row.<Long>getAs("kafka_offset"))
                .containsExactlyInAnyOrder(
                        tuple(malformed, "malformed JSON: the value is not one well-formed JSON object",
                                "events", malformedAt.partition(), malformedAt.offset()),
                        tuple(notANumber, "amount is not a number: 'abc'", "events", notANumberAt.partition(), notANumberAt.offset()));

        List<io.mlcycle.platform.delta.Lineage> lineages = io.delta.tables.DeltaTable.forPath(spark, lake.predictionsTable()).history()
                .select("userMetadata").collectAsList().stream().filter(row -> !row.isNullAt(0))
                .map(row -> io.mlcycle.platform.delta.Lineage.fromJson(row.getString(0)).orElseThrow()).toList();
        assertThat(lineages).as("every predictions commit names its micro-batch and model").isNotEmpty().allSatisfy(lineage -> {
            assertThat(lineage.job()).isEqualTo("score");
            assertThat(lineage.sources()).anySatisfy(source -> assertThat(source).startsWith("kafka:events micro-batch "))
                    .anySatisfy(source -> assertThat(source).matches("model:.* version \\d+"));
        });

        assertThat(query.isActive()).isTrue();
        assertThat(query.exception().isEmpty()).isTrue();
    }

    @Test
    @Order(2)
    void newChampionScoresFromTheNextBatchOn() throws Exception {
        registry.setAlias(MODEL, ALIAS, "2");
        for (int i = 0; i < 10; i++) {
            send(event("m-" + i, "2026-01-01T00:%02d:00Z".formatted(30 + i), i, 1.0));
        }

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(predictionIds("m-")).hasSize(10));

        assertThat(predictions("m-")).allSatisfy(row -> {
            assertThat(row.<String>getAs("model_version")).isEqualTo("2");
            assertThat(row.<String>getAs("model_run_id")).isEqualTo("run-2");
        });
        assertThat(query.isActive()).isTrue();
    }

    @Test
    @Order(3)
    void alertsOnlyForTheShiftedWindowAndFeature() throws Exception {
        for (int i = 0; i < 60; i++) {
            send(event("clean-" + i, "2026-01-01T01:%02d:00Z".formatted(i), i, 1.0));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(predictionIds("clean-")).hasSize(60));
        // the latest event time is 01:59, before 01:00 + 1 h + 10 min: the clean window is still open
        assertThat(driftRows()).isEmpty();

        for (int i = 0; i < 60; i++) {
            send(event("shifted-" + i, "2026-01-01T02:%02d:00Z".formatted(i), i, 3.0));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(driftRows()).hasSize(3));
        // evaluated in a later batch than its own events, once the 02:xx events passed 02:10
        assertThat(driftRows()).allSatisfy(row -> {
            assertThat(row.<Timestamp>getAs("window_start").toInstant()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
            assertThat(row.<String>getAs("model_version")).isEqualTo("2");
            assertThat(row.<Long>getAs("events")).isEqualTo(60L);
            assertThat(row.<String>getAs("statistic")).isEqualTo("psi");
            // three whole cycles of the training data: the same proportions in every bin
            assertThat(row.<Double>getAs("value")).isCloseTo(0.0, within(1e-9));
            assertThat(row.<Boolean>getAs("drifted")).isFalse();
        });
        assertThat(driftRows()).extracting(row -> row.<String>getAs("feature")).containsExactlyInAnyOrder("amount", "income", "channel");

        send(event("close-1", "2026-01-01T03:15:00Z", 0, 1.0));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(driftRows()).hasSize(6));

        Map<String, Row> shifted = driftRows().stream()
                .filter(row -> row.<Timestamp>getAs("window_start").toInstant().equals(Instant.parse("2026-01-01T02:00:00Z")))
                .collect(Collectors.toMap(row -> row.<String>getAs("feature"), row -> row));
        assertThat(shifted.keySet()).containsExactlyInAnyOrder("amount", "income", "channel");
        // tripled amounts (300 to 3150) put 15 of every 20 rows above the highest training quartile: PSI well above 1
        assertThat(shifted.get("amount").<Double>getAs("value")).isGreaterThan(1.0);
        assertThat(shifted.get("amount").<Boolean>getAs("drifted")).isTrue();
        assertThat(shifted.get("income").<Double>getAs("value")).isCloseTo(0.0, within(1e-9));
        assertThat(shifted.get("channel").<Boolean>getAs("drifted")).isFalse();

        Map<String, JsonNode> alerts = awaitJson(TOPICS.alerts(), 1, json -> true, json -> json.path("feature").asText());
        JsonNode alert = alerts.get("amount");
        assertThat(alerts).containsOnlyKeys("amount");
        assertThat(alert.path("statistic").asText()).isEqualTo("psi");
        assertThat(alert.path("value").asDouble()).isEqualTo(shifted.get("amount").<Double>getAs("value"));
        assertThat(alert.path("threshold").asDouble()).isEqualTo(0.2);
        assertThat(Instant.parse(alert.path("window_start").asText())).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        assertThat(Instant.parse(alert.path("window_end").asText())).isEqualTo(Instant.parse("2026-01-01T03:00:00Z"));
        assertThat(alert.path("model_name").asText()).isEqualTo(MODEL);
        assertThat(alert.path("model_version").asText()).isEqualTo("2");
        assertThat(alert.path("raised_at").asText()).isNotEmpty();

        List<Row> alertRows = table(lake.alertsTable()).collectAsList();
        assertThat(alertRows).hasSize(1);
        assertThat(alertRows.get(0).<String>getAs("feature")).isEqualTo("amount");
        assertThat(alertRows.get(0).<Timestamp>getAs("window_start").toInstant()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
    }

    @Test
    @Order(4)
    void closedWindowsAreNeverEvaluatedAgain() throws Exception {
        send(event("late-1", "2026-01-01T01:30:00Z", 0, 1.0));
        send(event("after-1", "2026-01-01T03:20:00Z", 1, 1.0));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(predictionIds("late-")).hasSize(1));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(predictionIds("after-")).hasSize(1));

        assertThat(driftRows()).hasSize(6);
        assertThat(table(lake.alertsTable()).count()).isEqualTo(1);
        // the 00:00 window had 20 events of version 1 and 10 of version 2, fewer than 30 each: never evaluated
        assertThat(driftRows()).noneMatch(row -> row.<Timestamp>getAs("window_start").toInstant()
                .equals(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(table(lake.predictionsTable()).groupBy("event_id").count().where(col("count").gt(1)).count()).isZero();
        assertThat(query.isActive()).isTrue();
    }

    private static String event(String id, String eventTime, int row, double amountFactor) {
        return TestRecords.event(id, eventTime, row, amountFactor);
    }

    private static RecordMetadata send(String json) throws Exception {
        return send(JSON.readTree(json).path("event_id").asText(), json);
    }

    private static RecordMetadata send(String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(TOPICS.events(), key, value)).get();
    }

    private static Dataset<Row> table(String path) {
        return spark.read().format("delta").load(path);
    }

    private static List<Row> predictions(String idPrefix) {
        return table(lake.predictionsTable()).where(col("event_id").startsWith(idPrefix)).collectAsList();
    }

    private static List<String> predictionIds(String idPrefix) {
        if (!io.delta.tables.DeltaTable.isDeltaTable(spark, lake.predictionsTable())) {
            return List.of();
        }
        return predictions(idPrefix).stream().map(row -> row.<String>getAs("event_id")).toList();
    }

    private static List<Row> driftRows() {
        if (!io.delta.tables.DeltaTable.isDeltaTable(spark, lake.driftTable())) {
            return List.of();
        }
        return table(lake.driftTable()).collectAsList();
    }

    private static Row byId(List<Row> rows, String id) {
        return rows.stream().filter(row -> row.<String>getAs("event_id").equals(id)).findFirst().orElseThrow();
    }

    private static List<String> ids(String format, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(String.format(format, i));
        }
        return ids;
    }

    private static Map<String, JsonNode> awaitJson(String topic, int expected, java.util.function.Predicate<JsonNode> filter) {
        return awaitJson(topic, expected, filter, TestRecords::idOrCoordinates);
    }

    private static Map<String, JsonNode> awaitJson(String topic, int expected, java.util.function.Predicate<JsonNode> filter,
                                                   java.util.function.Function<JsonNode, String> key) {
        return TestRecords.awaitJson(kafka.bootstrapServers(), topic, expected, filter, key, TIMEOUT);
    }
}
