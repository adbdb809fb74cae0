package io.mlcycle.streaming;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.QualityRule;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.platform.SparkSessions;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The real {@link ScoringQuery} without a broker: events from a {@link MemoryStream} of Kafka-shaped rows, records into
 * a {@link MemoryRecordSink}, Delta tables in a temporary folder, a real model served through a fake registry. One
 * micro-batch: three valid events (the training cycle's rows 3, 7 and 19), one malformed record, one with a non-numeric
 * amount; and against the dataset's quality rules (shipped policies: range flags, not-null rejects) one event with an
 * amount above the range's maximum and one without a channel.
 */
class ScoringQueryTest {
    /** The columns and types of Spark's Kafka source. */
    private static final StructType KAFKA_RECORDS = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType)
            .add("timestampType", DataTypes.IntegerType);
    private static final KafkaSettings.Topics TOPICS = TestSettings.TOPICS;
    private static final String MALFORMED = "{\"event_id\": \"bad-1\", \"event_time\": \"2026-01-01T00:05:00Z\", \"amount\": ";
    private static final String NOT_A_NUMBER =
            "{\"event_id\": \"bad-2\", \"event_time\": \"2026-01-01T00:06:00Z\", \"amount\": \"abc\", \"channel\": \"web\"}";
    private static final String NO_CHANNEL =
            "{\"event_id\": \"e-22\", \"customer\": \"c-22\", \"event_time\": \"2026-01-01T00:22:00Z\", \"amount\": 300, \"income\": 2000}";
    /** The test model's dataset with two quality rules. */
    private static final DatasetSpec SPEC = new DatasetSpec(TestModels.SPEC.name(), TestModels.SPEC.task(), TestModels.SPEC.idColumn(),
            TestModels.SPEC.entityColumn(), TestModels.SPEC.timeColumn(), TestModels.SPEC.labelColumn(), TestModels.SPEC.positiveLabel(),
            TestModels.SPEC.schema(), List.of(), List.of(), List.of(),
            new QualitySpec(0.05, List.of(new QualityRule.Range("range:amount", "amount", Optional.empty(), Optional.of("1060")),
                    new QualityRule.NotNull("not-null:channel", "channel")), List.of()),
            TestModels.SPEC.featureSpec());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static SparkSession spark;
    private static LakeSettings lake;
    private static MemoryRecordSink sink;
    private static StreamingQuery query;
    private static Path modelDir;

    @BeforeAll
    static void scoreOneBatch() throws Exception {
        spark = SparkSessions.create("ScoringQueryTest", TestSettings.SPARK);
        FakeModelRegistry registry = new FakeModelRegistry();
        modelDir = TestModels.writeModelFolder(spark, work.resolve("model-1"), 0.0);
        registry.createVersion(TestSettings.MODEL, modelDir.toString(), "run-1", Map.of());
        registry.setAlias(TestSettings.MODEL, TestSettings.ALIAS, "1");
        ChampionModels champions = new ChampionModels(registry, new DirectoryModelFiles(), TestSettings.MODEL, TestSettings.ALIAS,
                work.resolve("cache"), TestModels.SPEC.task());
        lake = TestSettings.lake(work);
        sink = new MemoryRecordSink();
        // no window reaches 1000 events: the monitor counts but never evaluates, so no alert
        MonitorSettings monitor = new MonitorSettings(Duration.ofHours(1), Duration.ofMinutes(10), 0.2, 1000, TestModels.BINS);
        MemoryStream<Row> events = MemoryStream.apply(spark, Encoders.row(KAFKA_RECORDS));

        query = new ScoringQuery(spark, SPEC, TestSettings.scorer(work, 1000), monitor, TestSettings.kafka("127.0.0.1:1"),
                lake, champions, session -> events.toDF(), sink).start();
        events.addData(CollectionConverters.asScala(List.of(
                record(0, "e-03", event("e-03", "2026-01-01T00:03:00Z", 250.0, "2900.0", "web")),
                record(1, "e-07", event("e-07", "2026-01-01T00:07:00Z", 450.0, "null", "web")),
                record(2, "bad-1", MALFORMED),
                record(3, "e-19", event("e-19", "2026-01-01T00:19:00Z", 1050.0, "4700.0", "web")),
                record(4, "bad-2", NOT_A_NUMBER),
                record(5, "e-21", event("e-21", "2026-01-01T00:21:00Z", 1100.0, "5000.0", "web")),
                record(6, "e-22", NO_CHANNEL))).toSeq());
        query.processAllAvailable();
    }

    @AfterAll
    static void stop() throws Exception {
        if (query != null) {
            query.stop();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void writesEveryValidEventScoredByTheChampionToThePredictionsTable() {
        Dataset<Row> table = spark.read().format("delta").load(lake.predictionsTable());
        Map<String, Row> predictions = byId(table.collectAsList(), row -> row.getAs("event_id"));
        Map<String, Row> expected = byId(modelsOwnTransform(), row -> row.getAs("event_id"));

        assertThat(table.columns()).containsExactly("event_id", "customer", "event_time", "amount", "income", "channel",
                "probability", "prediction", "quality_flags", "model_name", "model_version", "model_run_id", "lookup_versions", "scored_at", "kafka_partition", "kafka_offset");
        assertThat(predictions.keySet()).containsExactlyInAnyOrder("e-03", "e-07", "e-19", "e-21");
        assertThat(predictions.values()).extracting(row -> row.getAs("event_id"), row -> row.getAs("amount"), row -> row.getAs("income"),
                        row -> row.getAs("channel"), row -> row.<Timestamp>getAs("event_time").toInstant(), row -> row.getAs("kafka_partition"),
                        row -> row.getAs("kafka_offset"))
                .containsExactlyInAnyOrder(
                        tuple("e-03", 250.0, 2900.0, "web", Instant.parse("2026-01-01T00:03:00Z"), 0, 0L),
                        tuple("e-07", 450.0, null, "web", Instant.parse("2026-01-01T00:07:00Z"), 0, 1L),
                        tuple("e-19", 1050.0, 4700.0, "web", Instant.parse("2026-01-01T00:19:00Z"), 0, 3L),
                        tuple("e-21", 1100.0, 5000.0, "web", Instant.parse("2026-01-01T00:21:00Z"), 0, 5L));
        assertThat(predictions.values()).extracting(row -> row.getAs("event_id"), row -> row.getList(row.fieldIndex("quality_flags")))
                .containsExactlyInAnyOrder(tuple("e-03", List.of()), tuple("e-07", List.of()), tuple("e-19", List.of()),
                        tuple("e-21", List.of("range:amount: amount = 1100 is above the maximum 1060")));
        assertThat(predictions.values()).allSatisfy(row -> {
            String id = row.getAs("event_id");
            assertThat(row.<Double>getAs("probability")).as(id).isEqualTo(positiveProbability(expected.get(id)));
            assertThat(row.<Double>getAs("prediction")).as(id).isEqualTo(expected.get(id).<Double>getAs("prediction"));
            assertThat(List.of(row.getAs("model_name"), row.getAs("model_version"), row.getAs("model_run_id")))
                    .containsExactly("it-model", "1", "run-1");
            assertThat(row.<Timestamp>getAs("scored_at")).isNotNull();
        });
        // the model learnt "label 1 when the amount is above 600"
        assertThat(predictions.get("e-19").<Double>getAs("prediction")).isEqualTo(1.0);
        assertThat(predictions.get("e-03").<Double>getAs("prediction")).isEqualTo(0.0);
    }

    @Test
    void writesThePredictionsAsJsonRecordsKeyedByTheEventId() {
        Map<String, Row> expected = byId(modelsOwnTransform(), row -> row.getAs("event_id"));
        List<MemoryRecordSink.Record> records = sink.records(TOPICS.predictions());

        assertThat(records).extracting(MemoryRecordSink.Record::key).containsExactlyInAnyOrder("e-03", "e-07", "e-19", "e-21");
        assertThat(records).allSatisfy(record -> {
            JsonNode json = json(record.value());
            assertThat(json.path("event_id").asText()).isEqualTo(record.key());
            assertThat(json.path("model_name").asText()).isEqualTo("it-model");
            assertThat(json.path("model_version").asText()).isEqualTo("1");
            assertThat(json.path("probability").asDouble()).isEqualTo(positiveProbability(expected.get(record.key())));
            assertThat(json.path("prediction").asDouble()).isEqualTo(expected.get(record.key()).<Double>getAs("prediction"));
            assertThat(json.path("kafka_partition").asInt()).isZero();
        });
        JsonNode first = json(records.stream().filter(record -> record.key().equals("e-03")).findFirst().orElseThrow().value());
        assertThat(List.of(first.path("amount").asDouble(), first.path("income").asDouble(), first.path("channel").asText(),
                        first.path("customer").asText(), first.path("kafka_offset").asLong()))
                .containsExactly(250.0, 2900.0, "web", "c-3", 0L);
        assertThat(OffsetDateTime.parse(first.path("event_time").asText()).toInstant()).isEqualTo(Instant.parse("2026-01-01T00:03:00Z"));
        assertThat(sink.records(TOPICS.alerts())).isEmpty();
    }

    @Test
    void deadLettersTheBadRecordsWithTheReasonAndTheirKafkaCoordinates() {
        List<MemoryRecordSink.Record> records = sink.records(TOPICS.deadLetter());

        assertThat(records).extracting(MemoryRecordSink.Record::key).containsExactlyInAnyOrder("events-0-2", "events-0-4", "events-0-6");
        assertThat(records).extracting(record -> json(record.value())).extracting(
                        json -> json.path("raw_value").asText(), json -> json.path("rejection_reason").asText(),
                        json -> json.path("kafka_topic").asText(), json -> json.path("kafka_partition").asInt(),
                        json -> json.path("kafka_offset").asLong(),
                        json -> OffsetDateTime.parse(json.path("kafka_timestamp").asText()).toInstant())
                .containsExactlyInAnyOrder(
                        tuple(MALFORMED, "malformed JSON: the value is not one well-formed JSON object", "events", 0, 2L, kafkaTime(2)),
                        tuple(NOT_A_NUMBER, "amount is not a number: 'abc'", "events", 0, 4L, kafkaTime(4)),
                        tuple(NO_CHANNEL, "not-null:channel: channel is missing", "events", 0, 6L, kafkaTime(6)));
        assertThat(records).allSatisfy(record -> assertThat(json(record.value()).path("rejected_at").asText()).isNotEmpty());

        List<Row> table = spark.read().format("delta").load(lake.deadLetterTable()).collectAsList();
        assertThat(table).extracting(row -> row.getAs("raw_value"), row -> row.getAs("rejection_reason"), row -> row.getAs("kafka_topic"),
                        row -> row.getAs("kafka_partition"), row -> row.getAs("kafka_offset"))
                .containsExactlyInAnyOrder(
                        tuple(MALFORMED, "malformed JSON: the value is not one well-formed JSON object", "events", 0, 2L),
                        tuple(NOT_A_NUMBER, "amount is not a number: 'abc'", "events", 0, 4L),
                        tuple(NO_CHANNEL, "not-null:channel: channel is missing", "events", 0, 6L));
        assertThat(query.exception().isEmpty()).isTrue();
    }

    /** The model folder's pipeline applied directly to the valid events' feature values, written by hand. */
    private static List<Row> modelsOwnTransform() {
        StructType features = new StructType()
                .add("event_id", DataTypes.StringType)
                .add("amount", DataTypes.DoubleType)
                .add("income", DataTypes.DoubleType)
                .add("channel", DataTypes.StringType);
        Dataset<Row> rows = spark.createDataFrame(List.of(
                RowFactory.create("e-03", 250.0, 2900.0, "web"),
                RowFactory.create("e-07", 450.0, null, "web"),
                RowFactory.create("e-19", 1050.0, 4700.0, "web"),
                RowFactory.create("e-21", 1100.0, 5000.0, "web")), features);
        return PipelineModel.load(modelDir.resolve(ChampionModels.PIPELINE_DIR).toString()).transform(rows)
                .select(col("event_id"), col("probability"), col("prediction")).collectAsList();
    }

    private static double positiveProbability(Row transformed) {
        return transformed.<Vector>getAs("probability").apply(1);
    }

    private static String event(String id, String eventTime, double amount, String income, String channel) {
        return "{\"event_id\": \"%s\", \"customer\": \"c-%s\", \"event_time\": \"%s\", \"amount\": %s, \"income\": %s, \"channel\": \"%s\"}"
                .formatted(id, Integer.parseInt(id.substring(2)), eventTime, amount, income, channel);
    }

    private static Row record(long offset, String key, String value) {
        return RowFactory.create(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), TOPICS.events(), 0, offset,
                Timestamp.from(kafkaTime(offset)), 0);
    }

    private static Instant kafkaTime(long offset) {
        return Instant.parse("2026-01-01T00:30:00Z").plusSeconds(offset);
    }

    private static Map<String, Row> byId(List<Row> rows, Function<Row, String> id) {
        return rows.stream().collect(Collectors.toMap(id, row -> row));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
