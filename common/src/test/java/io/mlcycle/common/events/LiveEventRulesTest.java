package io.mlcycle.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.LiveEventPolicy;
import io.mlcycle.common.dataset.QualityRule;
import io.mlcycle.common.quality.QualityColumns;
import io.mlcycle.common.quality.QualityFrames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silver's rules on live events: one event per rule kind, violating and clean, under the shipped policies and the reverse
 * ones; and the same raw row violates the same rules, with the same reasons, in bronze (QualityFrames) and live.
 */
class LiveEventRulesTest {
    private static final String DATASET = """
            mlcycle.work-dir = "/tmp/unused"
            mlcycle.dataset {
              name = loans, task = binary, id-column = id, time-column = ts, label-column = label
              schema = [
                { name = id, type = string, nullable = false }
                { name = ts, type = timestamp }
                { name = age, type = integer }
                { name = amount, type = double }
                { name = income, type = double }
                { name = channel, type = string }
                { name = code, type = string }
                { name = label, type = integer }
              ]
              quality {
                rules = [
                  { type = not-null, column = amount }
                  { type = range, column = age, min = 18, max = 120 %s }
                  { type = allowed-values, column = channel, values = [web, branch] }
                  { type = regex, column = code, pattern = "[A-Z]{2}" }
                  { type = comparison, left = income, op = ">=", right = amount }
                  { type = unique-key, columns = [code] }
                  { type = range, column = label, min = 0, max = 1 }
                ]
                corrections = [ { type = trim, column = channel }, { type = lower, column = channel } ]
              }
              features { numeric = [age, amount, income], categorical = [channel] }
            }
            """;
    private static final StructType KAFKA_SCHEMA = new StructType()
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType);
    private static final Timestamp KAFKA_TIME = Timestamp.from(Instant.parse("2026-03-01T08:00:00Z"));
    private static final String CLEAN = event("\"age\": 30, \"amount\": 100, \"income\": 200, \"channel\": \" Web \", \"code\": \"AB\", \"label\": 7");

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[1]").appName("LiveEventRulesTest").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void shippedPoliciesRejectAMissingValueAndFlagTheOtherKinds() {
        List<Row> rows = check(spec(""), scorer(LiveEventPolicy.REJECT, LiveEventPolicy.SCORE_AND_FLAG),
                CLEAN,
                event("\"age\": 150, \"amount\": 100, \"income\": 200, \"channel\": \"web\", \"code\": \"AB\""),
                event("\"age\": 30, \"amount\": 100, \"income\": 200, \"channel\": \"phone\", \"code\": \"AB\""),
                event("\"age\": 30, \"amount\": 100, \"income\": 200, \"channel\": \"web\", \"code\": \"abc\""),
                event("\"age\": 30, \"amount\": 100, \"income\": 50, \"channel\": \"web\", \"code\": \"AB\""),
                event("\"age\": 30, \"income\": 200, \"channel\": \"web\", \"code\": \"AB\""));

        // the clean event's label 7 breaks the label's range, which live events do not check; all share code AB (unique-key)
        assertThat(rows).extracting(LiveEventRulesTest::outcome).containsExactly(
                "scored []",
                "scored [range:age: age = 150 is above the maximum 120]",
                "scored [allowed-values:channel: channel = 'phone' is not one of [web, branch]]",
                "scored [regex:code: code = 'abc' does not match the pattern [A-Z]{2}]",
                "scored [comparison:income>=amount: income = 50 is not >= amount = 100]",
                "rejected not-null:amount: amount is missing");
    }

    @Test
    void reversePoliciesFlagAMissingValueAndRejectTheOtherKindsUnlessTheRuleSaysOtherwise() {
        ScorerSettings scorer = scorer(LiveEventPolicy.SCORE_AND_FLAG, LiveEventPolicy.REJECT);
        List<Row> rows = check(spec(""), scorer,
                CLEAN,
                event("\"age\": 150, \"amount\": 100, \"income\": 200, \"channel\": \"phone\", \"code\": \"AB\""),
                event("\"age\": 30, \"income\": 200, \"channel\": \"web\", \"code\": \"AB\""));
        List<Row> overridden = check(spec(", on-live-event = score-and-flag"), scorer,
                event("\"age\": 150, \"amount\": 100, \"income\": 200, \"channel\": \"web\", \"code\": \"AB\""));

        assertThat(rows).extracting(LiveEventRulesTest::outcome).containsExactly(
                "scored []",
                "rejected range:age: age = 150 is above the maximum 120; allowed-values:channel: channel = 'phone' is not one of [web, branch]",
                "scored [not-null:amount: amount is missing]");
        assertThat(overridden).extracting(LiveEventRulesTest::outcome).containsExactly("scored [range:age: age = 150 is above the maximum 120]");
    }

    @Test
    void aRecordParsingRejectedKeepsItsReasonAndIsNotChecked() {
        List<Row> rows = check(spec(""), scorer(LiveEventPolicy.REJECT, LiveEventPolicy.REJECT),
                event("\"age\": \"old\", \"income\": 200, \"channel\": \"phone\""), "{not json");

        assertThat(rows).extracting(LiveEventRulesTest::outcome).containsExactly(
                "rejected age is not an integer: 'old'",
                "rejected malformed JSON: the value is not one well-formed JSON object");
    }

    @Test
    void theSameRawRowViolatesTheSameRulesInBronzeAndLive() {
        DatasetSpec spec = spec("");
        StructType bronzeSchema = new StructType();
        for (String column : List.of("id", "ts", "age", "amount", "income", "channel", "code", "label", QualityColumns.CORRUPT_RECORD)) {
            bronzeSchema = bronzeSchema.add(column, DataTypes.StringType);
        }
        List<Map<String, String>> raw = List.of(
                values("e1", "2026-01-01T00:00:00Z", "150", "100", "50", " Phone ", "abc", "1"),
                values("e2", "2026-01-01T00:00:00Z", "30", null, "50", "web", "AB", "0"));
        List<Row> bronze = new ArrayList<>();
        List<String> json = new ArrayList<>();
        for (Map<String, String> row : raw) {
            List<Object> cells = new ArrayList<>(row.values());
            cells.add(null);
            bronze.add(RowFactory.create(cells.toArray()));
            json.add(json(row));
        }

        List<List<String>> silver = QualityFrames.validate(spark.createDataFrame(bronze, bronzeSchema), spec).orderBy("id").collectAsList().stream()
                .map(row -> row.<Row>getList(row.fieldIndex(QualityColumns.VIOLATIONS)).stream()
                        .map(violation -> violation.getString(0) + ": " + violation.getString(1)).toList())
                .toList();
        List<List<String>> live = check(spec, scorer(LiveEventPolicy.SCORE_AND_FLAG, LiveEventPolicy.SCORE_AND_FLAG), json.toArray(String[]::new))
                .stream().map(row -> row.<String>getList(row.fieldIndex(KafkaEvents.QUALITY_FLAGS))).toList();

        List<List<String>> expected = List.of(
                List.of("range:age: age = 150 is above the maximum 120",
                        "allowed-values:channel: channel = 'phone' is not one of [web, branch]",
                        "regex:code: code = 'abc' does not match the pattern [A-Z]{2}",
                        "comparison:income>=amount: income = 50 is not >= amount = 100"),
                List.of("not-null:amount: amount is missing"));
        assertThat(silver).isEqualTo(expected);
        assertThat(live).isEqualTo(expected);
    }

    @Test
    void namesTheMissingColumns() {
        Dataset<Row> notParsed = spark.createDataFrame(List.of(), KAFKA_SCHEMA);

        assertThatThrownBy(() -> LiveEventRules.check(notParsed, spec(""), scorer(LiveEventPolicy.REJECT, LiveEventPolicy.REJECT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot check quality rules on live events: columns [rejection_reason, quality_flags, amount, age, channel, code,"
                        + " income] are missing; the rows have [value, topic, partition, offset, timestamp]. Pass the output of KafkaEvents.parse.");
    }

    /** "scored [flags]" or "rejected reason", by offset. */
    private static String outcome(Row row) {
        String reason = row.getAs(KafkaEvents.REJECTION_REASON);
        return reason == null ? "scored " + row.getList(row.fieldIndex(KafkaEvents.QUALITY_FLAGS)) : "rejected " + reason;
    }

    private static List<Row> check(DatasetSpec spec, ScorerSettings scorer, String... values) {
        List<Row> records = new ArrayList<>();
        for (int offset = 0; offset < values.length; offset++) {
            records.add(RowFactory.create(values[offset].getBytes(StandardCharsets.UTF_8), "events", 0, (long) offset, KAFKA_TIME));
        }
        Dataset<Row> parsed = KafkaEvents.parse(spark.createDataFrame(records, KAFKA_SCHEMA), spec);
        return LiveEventRules.check(parsed, spec, scorer).orderBy(KafkaEvents.KAFKA_OFFSET).collectAsList();
    }

    private static String event(String fields) {
        return "{\"id\": \"e\", \"ts\": \"2026-01-01T00:00:00Z\", " + fields + "}";
    }

    private static Map<String, String> values(String... cells) {
        List<String> names = List.of("id", "ts", "age", "amount", "income", "channel", "code", "label");
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            row.put(names.get(i), cells[i]);
        }
        return row;
    }

    /** The row as a live event: every present value as a JSON string, as a producer of text fields would send it. */
    private static String json(Map<String, String> row) {
        List<String> fields = new ArrayList<>();
        row.forEach((name, value) -> {
            if (value != null) {
                fields.add("\"" + name + "\": \"" + value + "\"");
            }
        });
        return "{" + String.join(", ", fields) + "}";
    }

    private static DatasetSpec spec(String rangeExtra) {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString(DATASET.formatted(rangeExtra)).resolve());
        DatasetSpec spec = DatasetSpec.read(reader);
        reader.throwIfInvalid();
        return spec;
    }

    /** {@code notNull} for not-null rules, {@code others} for every other kind. */
    private static ScorerSettings scorer(LiveEventPolicy notNull, LiveEventPolicy others) {
        Map<QualityRule.Type, LiveEventPolicy> policy = new EnumMap<>(QualityRule.Type.class);
        ScorerSettings.LIVE_RULE_TYPES.forEach(type -> policy.put(type, others));
        policy.put(QualityRule.Type.NOT_NULL, notNull);
        return new ScorerSettings("scorer", "/tmp/checkpoint", Duration.ofSeconds(1), 100, "earliest", Path.of("/tmp/models"),
                Duration.ofMinutes(5), 1048576, 65536, policy, Duration.ofHours(1));
    }
}
