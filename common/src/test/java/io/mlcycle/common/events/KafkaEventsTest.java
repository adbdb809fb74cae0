package io.mlcycle.common.events;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.FeatureSpec;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.common.dataset.TaskType;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaEventsTest {
    private static final DatasetSpec SPEC = new DatasetSpec(
            "test", "id", "customer", "ts", "label", List.of("amount", "age"), List.of("channel"));
    private static final StructType KAFKA_SCHEMA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);
    private static final Timestamp KAFKA_TIME = Timestamp.from(Instant.parse("2026-03-01T08:00:00Z"));

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("KafkaEventsTest")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void validEventGetsTypedColumns() {
        Map<Long, Row> parsed = parseByOffset(
                "{\"id\": \"a1\", \"customer\": \"c1\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": 12.5, \"age\": \"40\","
                        + " \"channel\": \"web\", \"label\": 1, \"unknown\": {\"x\": 1}}",
                "{\"id\": 42, \"ts\": \"2026-01-01T12:30:15.250+02:00\", \"channel\": 3}");

        Row first = parsed.get(0L);
        assertThat(first.<String>getAs("id")).isEqualTo("a1");
        assertThat(first.<String>getAs("customer")).isEqualTo("c1");
        assertThat(first.<Timestamp>getAs("ts").toInstant()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(first.<Double>getAs("amount")).isEqualTo(12.5);
        assertThat(first.<Double>getAs("age")).isEqualTo(40.0);
        assertThat(first.<String>getAs("channel")).isEqualTo("web");
        assertThat(first.<String>getAs(KafkaEvents.REJECTION_REASON)).isNull();

        Row second = parsed.get(1L);
        assertThat(second.<String>getAs("id")).isEqualTo("42");
        assertThat(second.<String>getAs("customer")).isNull();
        assertThat(second.<Timestamp>getAs("ts").toInstant()).isEqualTo(Instant.parse("2026-01-01T10:30:15.250Z"));
        assertThat(second.<Double>getAs("amount")).isNull();
        assertThat(second.<String>getAs("channel")).isEqualTo("3");
        assertThat(second.<String>getAs(KafkaEvents.REJECTION_REASON)).isNull();
    }

    @Test
    void eachProblemHasItsOwnReason() {
        Map<Long, Row> parsed = parseByOffset(
                "{\"id\": \"a1\", \"amount\": ",
                "not json at all",
                "{\"id\": \"a3\", \"ts\": \"2026-01-01T10:00:00Z\"} trailing text",
                "[{\"id\": \"a4\", \"ts\": \"2026-01-01T10:00:00Z\"}]",
                "{\"id\": \"a5\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": NaN}",
                "{\"ts\": \"2026-01-01T10:00:00Z\", \"amount\": 1}",
                "{\"id\": \"  \", \"ts\": \"2026-01-01T10:00:00Z\"}",
                "{\"id\": \"a8\", \"amount\": 1}",
                "{\"id\": \"a9\", \"ts\": \"yesterday\"}",
                "{\"id\": \"a10\", \"ts\": \"2026-01-01\"}",
                "{\"id\": \"a11\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": \"abc\"}",
                "{\"id\": \"a12\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": true, \"age\": \"\"}",
                "{\"amount\": \"12,5\", \"ts\": 1767225600}",
                null);

        assertThat(reasons(parsed)).containsExactly(
                "malformed JSON: the value is not one well-formed JSON object",
                "malformed JSON: the value is not one well-formed JSON object",
                "malformed JSON: the value is not one well-formed JSON object",
                "malformed JSON: the value is not one well-formed JSON object",
                "malformed JSON: the value is not one well-formed JSON object",
                "id is missing",
                "id is missing",
                "ts is missing",
                "ts is not an ISO-8601 timestamp: 'yesterday'",
                "ts is not an ISO-8601 timestamp: '2026-01-01'",
                "amount is not a number: 'abc'",
                "amount is not a number: 'true'; age is not a number: ''",
                "id is missing; ts is not an ISO-8601 timestamp: '1767225600'; amount is not a number: '12,5'",
                "malformed JSON: the Kafka record has no value");
    }

    @Test
    void longValuesAreCutInTheReason() {
        String longValue = "x".repeat(150);

        Map<Long, Row> parsed = parseByOffset("{\"id\": \"a\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": \"" + longValue + "\"}");

        assertThat(parsed.get(0L).<String>getAs(KafkaEvents.REJECTION_REASON))
                .isEqualTo("amount is not a number: '" + "x".repeat(100) + "...'");
    }

    @Test
    void eventsMoreThanTheSkewInTheFutureAreRejected() {
        Column now = lit(Timestamp.from(Instant.parse("2026-01-01T10:00:00Z")));
        Dataset<Row> records = kafkaRecords(
                "{\"id\": \"past\", \"ts\": \"2025-12-31T10:00:00Z\"}",
                "{\"id\": \"at-the-skew\", \"ts\": \"2026-01-01T10:05:00Z\"}",
                "{\"id\": \"a-millisecond-over\", \"ts\": \"2026-01-01T10:05:00.001Z\"}",
                "{\"id\": \"an-hour-ahead\", \"ts\": \"2026-01-01T13:00:00+02:00\", \"amount\": \"abc\"}",
                "{\"id\": \"not-a-time\", \"ts\": \"tomorrow\"}");
        Map<Long, Row> parsed = new HashMap<>();
        for (Row row : KafkaEvents.parse(records, SPEC, now, Duration.ofMinutes(5)).collectAsList()) {
            parsed.put(row.getAs(KafkaEvents.KAFKA_OFFSET), row);
        }

        assertThat(reasons(parsed)).containsExactly(
                null,
                null,
                "ts is 300.001s in the future (more than mlcycle.scorer.max-future-skew = 5m): '2026-01-01T10:05:00.001Z'",
                "ts is 3600s in the future (more than mlcycle.scorer.max-future-skew = 5m): '2026-01-01T13:00:00+02:00'; "
                        + "amount is not a number: 'abc'",
                "ts is not an ISO-8601 timestamp: 'tomorrow'");
    }

    @Test
    void theSkewIsShownAsTheConfigWritesIt() {
        assertThat(List.of(Duration.ofMinutes(5), Duration.ofSeconds(90), Duration.ofHours(2), Duration.ofMillis(1500), Duration.ofDays(1))
                .stream().map(KafkaEvents::durationText).toList())
                .containsExactly("5m", "90s", "2h", "1500ms", "24h");
    }

    @Test
    void withoutAReferenceTimeFutureEventsAreValid() {
        Map<Long, Row> parsed = parseByOffset("{\"id\": \"far\", \"ts\": \"2999-01-01T00:00:00Z\"}");

        assertThat(parsed.get(0L).<String>getAs(KafkaEvents.REJECTION_REASON)).isNull();
    }

    @Test
    void validKeepsEventColumnsAndKafkaCoordinates() {
        Dataset<Row> parsed = KafkaEvents.parse(kafkaRecords(
                "{\"id\": \"a1\", \"customer\": \"c1\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": 1, \"age\": 2, \"channel\": \"web\"}",
                "{\"id\": \"a2\"}"), SPEC);

        Dataset<Row> valid = KafkaEvents.valid(parsed, SPEC);

        assertThat(valid.columns()).containsExactly(
                "id", "customer", "ts", "amount", "age", "channel", "quality_flags", "kafka_topic", "kafka_partition", "kafka_offset",
                "kafka_timestamp");
        // parsing flags nothing (LiveEventRules does): an empty list
        assertThat(valid.collectAsList()).containsExactly(RowFactory.create(
                "a1", "c1", Timestamp.from(Instant.parse("2026-01-01T10:00:00Z")), 1.0, 2.0, "web",
                scala.jdk.javaapi.CollectionConverters.asScala(List.of()).toSeq(), "events", 1, 0L, KAFKA_TIME));
    }

    @Test
    void rejectedKeepsRawValueReasonAndKafkaCoordinates() {
        Dataset<Row> parsed = KafkaEvents.parse(kafkaRecords(
                "{\"id\": \"a1\", \"ts\": \"2026-01-01T10:00:00Z\"}",
                "{\"id\": \"a2\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": \"abc\"}"), SPEC);

        Dataset<Row> rejected = KafkaEvents.rejected(parsed);

        assertThat(rejected.columns()).containsExactly(
                "raw_value", "rejection_reason", "kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp");
        assertThat(rejected.collectAsList()).containsExactly(RowFactory.create(
                "{\"id\": \"a2\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": \"abc\"}",
                "amount is not a number: 'abc'", "events", 1, 1L, KAFKA_TIME));
    }

    @Test
    void parseNamesTheMissingKafkaColumns() {
        Dataset<Row> records = spark.createDataFrame(List.of(RowFactory.create("{}")), new StructType().add("value", DataTypes.StringType));

        assertThatThrownBy(() -> KafkaEvents.parse(records, SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read Kafka records (Spark's Kafka source): columns [topic, partition, offset, timestamp] are missing;"
                        + " the rows have [value].");
    }

    @Test
    void parseRejectsADatasetColumnNamedLikeAnAddedColumn() {
        DatasetSpec clashing = new DatasetSpec("clash", "id", "customer", "ts", "label", List.of("kafka_offset"), List.of());

        assertThatThrownBy(() -> KafkaEvents.parse(kafkaRecords("{}"), clashing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot parse events of dataset clash: its column kafka_offset has the name of a column the parser adds");
    }

    @Test
    void columnsFollowTheSchemaTypesAndNullability() {
        DatasetSpec spec = new DatasetSpec("typed", TaskType.BINARY, "id", "", "ts", "label", "",
                List.of(new ColumnSpec("id", ColumnType.STRING, false), new ColumnSpec("ts", ColumnType.TIMESTAMP, false),
                        new ColumnSpec("visits", ColumnType.INTEGER, true), new ColumnSpec("member", ColumnType.BOOLEAN, true),
                        new ColumnSpec("shop", ColumnType.STRING, false), new ColumnSpec("label", ColumnType.INTEGER, false)),
                List.of(), List.of(), List.of(), QualitySpec.none(), FeatureSpec.of(List.of("visits"), List.of()));
        assertThat(KafkaEvents.eventColumns(spec)).containsExactly("id", "ts", "visits", "member", "shop");

        Map<Long, Row> parsed = parseByOffset(spec,
                "{\"id\": \"a\", \"ts\": \"2026-01-01T10:00:00Z\", \"visits\": 7, \"member\": true, \"shop\": \"s1\"}",
                "{\"id\": \"b\", \"ts\": \"2026-01-01T10:00:00Z\", \"visits\": \"seven\", \"member\": \"maybe\"}");

        Row valid = parsed.get(0L);
        assertThat(valid.<Integer>getAs("visits")).isEqualTo(7);
        assertThat(valid.<Boolean>getAs("member")).isTrue();
        assertThat(valid.<String>getAs("shop")).isEqualTo("s1");
        assertThat(valid.<String>getAs(KafkaEvents.REJECTION_REASON)).isNull();
        assertThat(parsed.get(1L).<String>getAs(KafkaEvents.REJECTION_REASON))
                .isEqualTo("visits is not an integer: 'seven'; member is not a boolean: 'maybe'; shop is missing");
    }

    @Test
    void readsTheInputsOfDerivedFeaturesButNotTheDerivedColumnsTheModelComputes() {
        FeatureSpec features = new FeatureSpec(
                List.of(new FeatureSpec.NumericFeature("amount"), new FeatureSpec.NumericFeature("amount_to_income")),
                List.of(), List.of(io.mlcycle.common.dataset.DerivedColumn.ratio("amount_to_income", "amount", "income")), List.of(), List.of());
        DatasetSpec spec = new DatasetSpec("test", TaskType.BINARY, "id", "customer", "ts", "label", "",
                List.of(new ColumnSpec("id", ColumnType.STRING, false), new ColumnSpec("customer", ColumnType.STRING, true),
                        new ColumnSpec("ts", ColumnType.TIMESTAMP, false), new ColumnSpec("amount", ColumnType.DOUBLE, true),
                        new ColumnSpec("income", ColumnType.DOUBLE, true), new ColumnSpec("label", ColumnType.INTEGER, false)),
                List.of(), List.of(), List.of(), QualitySpec.none(), features);

        Row event = KafkaEvents.valid(KafkaEvents.parse(kafkaRecords(
                "{\"id\": \"a1\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": 10, \"income\": \"250.5\"}"), spec), spec).head();

        assertThat(KafkaEvents.eventColumns(spec)).containsExactly("id", "customer", "ts", "amount", "income");
        assertThat(event.<Double>getAs("income")).isEqualTo(250.5);
    }

    @Test
    void ignoresTheEventsOwnFieldsForLookedUpAndAggregatedColumns() {
        FeatureSpec features = new FeatureSpec(
                List.of(new FeatureSpec.NumericFeature("amount"), new FeatureSpec.NumericFeature("credit_limit"),
                        new FeatureSpec.NumericFeature("amount_sum_7d")),
                List.of(new FeatureSpec.CategoricalFeature("segment")), List.of(),
                List.of(new io.mlcycle.common.dataset.LookupSpec("customers", "/unused", io.mlcycle.common.dataset.LookupSpec.Format.DELTA,
                        "customer", "cid", List.of("segment", "credit_limit"))),
                List.of(new io.mlcycle.common.dataset.AggregateSpec("amount_sum_7d", "amount",
                        io.mlcycle.common.dataset.AggregateSpec.Function.SUM, java.time.Duration.ofDays(7))));
        DatasetSpec spec = new DatasetSpec("looked-up", TaskType.BINARY, "id", "customer", "ts", "label", "",
                List.of(new ColumnSpec("id", ColumnType.STRING, false), new ColumnSpec("customer", ColumnType.STRING, true),
                        new ColumnSpec("ts", ColumnType.TIMESTAMP, false), new ColumnSpec("amount", ColumnType.DOUBLE, true),
                        new ColumnSpec("label", ColumnType.INTEGER, false)),
                List.of(), List.of(), List.of(), QualitySpec.none(), features);

        Map<Long, Row> parsed = parseByOffset(spec, "{\"id\": \"a\", \"customer\": \"c1\", \"ts\": \"2026-01-01T10:00:00Z\","
                + " \"amount\": 10, \"credit_limit\": \"lots\", \"segment\": \"vip\", \"amount_sum_7d\": \"many\"}");

        assertThat(KafkaEvents.eventColumns(spec)).containsExactly("id", "customer", "ts", "amount");
        Row event = parsed.get(0L);
        assertThat(event.<String>getAs(KafkaEvents.REJECTION_REASON)).as("credit_limit is joined and amount_sum_7d computed, not read:"
                + " 'lots' and 'many' are no reasons").isNull();
        assertThat(List.of(event.schema().fieldNames())).doesNotContain("segment", "credit_limit", "amount_sum_7d");
    }

    @Test
    void liveValuesGetTheCorrectionsTrainingValuesGotInSilver() {
        List<io.mlcycle.common.dataset.Correction> corrections = List.of(
                new io.mlcycle.common.dataset.Correction.Text("trim:shop", "shop", io.mlcycle.common.dataset.Correction.Type.TRIM),
                new io.mlcycle.common.dataset.Correction.Text("lower:shop", "shop", io.mlcycle.common.dataset.Correction.Type.LOWER),
                new io.mlcycle.common.dataset.Correction.MapValues("map:amount", "amount", java.util.Map.of("n/a", "")),
                new io.mlcycle.common.dataset.Correction.Scale("scale:amount", "amount", 0.01, 0.0),
                new io.mlcycle.common.dataset.Correction.Clip("clip:visits", "visits", java.util.Optional.of("0"), java.util.Optional.of("10")));
        DatasetSpec spec = new DatasetSpec("cleaned", TaskType.BINARY, "id", "", "ts", "label", "",
                List.of(new ColumnSpec("id", ColumnType.STRING, false), new ColumnSpec("ts", ColumnType.TIMESTAMP, false),
                        new ColumnSpec("amount", ColumnType.DOUBLE, true), new ColumnSpec("visits", ColumnType.INTEGER, true),
                        new ColumnSpec("shop", ColumnType.STRING, true), new ColumnSpec("label", ColumnType.INTEGER, false)),
                List.of(), List.of(), List.of(), new QualitySpec(1.0, List.of(), corrections), FeatureSpec.of(List.of("amount", "visits"), List.of("shop")));

        Map<Long, Row> parsed = parseByOffset(spec,
                "{\"id\": \"a\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": 1250, \"visits\": 42, \"shop\": \"  North-1 \"}",
                "{\"id\": \"b\", \"ts\": \"2026-01-01T10:00:00Z\", \"amount\": \"n/a\", \"visits\": -3}");

        Row first = parsed.get(0L);
        assertThat(first.<String>getAs("shop")).isEqualTo("north-1");
        assertThat(first.<Double>getAs("amount")).isEqualTo(12.5);
        assertThat(first.<Integer>getAs("visits")).isEqualTo(10);
        assertThat(first.<String>getAs(KafkaEvents.REJECTION_REASON)).isNull();
        Row second = parsed.get(1L);
        assertThat(second.<Integer>getAs("visits")).isEqualTo(0);
        assertThat(second.<Double>getAs("amount")).as("'n/a' mapped to an empty text: no number").isNull();
    }

    @Test
    void dataWithoutAnIdGetsTheDigestOfItsValuesAsId() throws Exception {
        DatasetSpec spec = new DatasetSpec("no-id", TaskType.BINARY, DatasetSpec.DERIVED_ID, "", "ts", "label", "",
                List.of(new ColumnSpec("ts", ColumnType.TIMESTAMP, false), new ColumnSpec("amount", ColumnType.DOUBLE, true),
                        new ColumnSpec("shop", ColumnType.STRING, true), new ColumnSpec("label", ColumnType.INTEGER, false)),
                List.of(), List.of(), List.of(), QualitySpec.none(), FeatureSpec.of(List.of("amount"), List.of("shop")));
        assertThat(spec.derivedId()).isTrue();

        Row event = KafkaEvents.valid(KafkaEvents.parse(kafkaRecords(
                "{\"ts\": \"2026-01-01T10:00:00Z\", \"amount\": 12.5, \"label\": 1}"), spec), spec).head();

        // SHA-256 of the raw texts of every schema column but the label, joined by U+001F, a missing one as U+0000.
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("2026-01-01T10:00:00Z\u001f12.5\u001f\u0000".getBytes(StandardCharsets.UTF_8));
        String expected = java.util.HexFormat.of().formatHex(digest).substring(0, 32);
        assertThat(KafkaEvents.eventColumns(spec)).startsWith("row_id", "ts");
        assertThat(event.<String>getAs("row_id")).isEqualTo(expected);
    }

    private static Map<Long, Row> parseByOffset(String... values) {
        return parseByOffset(SPEC, values);
    }

    private static Map<Long, Row> parseByOffset(DatasetSpec spec, String... values) {
        Map<Long, Row> byOffset = new HashMap<>();
        for (Row row : KafkaEvents.parse(kafkaRecords(values), spec).collectAsList()) {
            byOffset.put(row.getAs(KafkaEvents.KAFKA_OFFSET), row);
        }
        return byOffset;
    }

    private static List<String> reasons(Map<Long, Row> byOffset) {
        List<String> reasons = new ArrayList<>();
        for (long offset = 0; offset < byOffset.size(); offset++) {
            reasons.add(byOffset.get(offset).getAs(KafkaEvents.REJECTION_REASON));
        }
        return reasons;
    }

    private static Dataset<Row> kafkaRecords(String... values) {
        List<Row> rows = new ArrayList<>();
        for (int offset = 0; offset < values.length; offset++) {
            byte[] value = values[offset] == null ? null : values[offset].getBytes(StandardCharsets.UTF_8);
            rows.add(RowFactory.create(null, value, "events", 1, (long) offset, KAFKA_TIME));
        }
        return spark.createDataFrame(rows, KAFKA_SCHEMA);
    }
}
