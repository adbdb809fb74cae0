package io.mlcycle.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private static final StructType REJECTED = new StructType()
            .add("raw_value", DataTypes.StringType)
            .add("rejection_reason", DataTypes.StringType)
            .add("kafka_topic", DataTypes.StringType)
            .add("kafka_partition", DataTypes.IntegerType)
            .add("kafka_offset", DataTypes.LongType)
            .add("kafka_timestamp", DataTypes.TimestampType);
    private static final Timestamp KAFKA_TIME = Timestamp.from(Instant.parse("2026-03-01T08:00:00Z"));

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("DeadLettersTest")
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
    void aShortValueIsKeptWholeWithItsSizeAndDigest() {
        Row letter = deadLetters(8, "{\"a\": 1}").get(0);

        assertThat(letter.<String>getAs("raw_value")).isEqualTo("{\"a\": 1}");
        assertThat(letter.<Integer>getAs("raw_value_bytes")).isEqualTo(8);
        assertThat(letter.<String>getAs("raw_value_sha256")).isEqualTo(sha256("{\"a\": 1}"));
        assertThat(letter.<String>getAs("rejection_reason")).isEqualTo("reason 0");
        assertThat(List.of(letter.<String>getAs("kafka_topic"), letter.<Integer>getAs("kafka_partition"), letter.<Long>getAs("kafka_offset")))
                .containsExactly("events", 1, 0L);
        assertThat(letter.<Timestamp>getAs("kafka_timestamp")).isEqualTo(KAFKA_TIME);
    }

    @Test
    void aLongValueIsCutToTheLimitAndKeepsTheFullSizeAndDigest() {
        String value = "x".repeat(5000);

        Row letter = deadLetters(1024, value).get(0);

        assertThat(letter.<String>getAs("raw_value")).isEqualTo("x".repeat(1024));
        assertThat(letter.<Integer>getAs("raw_value_bytes")).isEqualTo(5000);
        assertThat(letter.<String>getAs("raw_value_sha256")).isEqualTo(sha256(value));
    }

    @Test
    void theCutNeverSplitsAUtf8Character() {
        // "ab€€" is a, b, E2 82 AC, E2 82 AC (8 bytes); "x😀y" is x, F0 9F 98 80, y (6 bytes); "éé" is C3 A9 C3 A9
        List<Row> letters = deadLetters(4, "ab€€", "abc€", "x😀y", "éé", "abcd€");
        List<Row> atFive = deadLetters(5, "ab€€", "x😀y", "éé");

        assertThat(letters).extracting(row -> row.<String>getAs("raw_value")).containsExactly("ab", "abc", "x", "éé", "abcd");
        assertThat(letters).extracting(row -> row.<Integer>getAs("raw_value_bytes")).containsExactly(8, 6, 6, 4, 7);
        assertThat(atFive).extracting(row -> row.<String>getAs("raw_value")).containsExactly("ab€", "x😀", "éé");
        assertThat(letters.get(2).<String>getAs("raw_value_sha256")).isEqualTo(sha256("x😀y"));
    }

    @Test
    void aRecordWithoutValueHasNoSizeOrDigest() {
        Row letter = deadLetters(16, (String) null).get(0);

        assertThat(letter.<String>getAs("raw_value")).isNull();
        assertThat(letter.<Integer>getAs("raw_value_bytes")).isNull();
        assertThat(letter.<String>getAs("raw_value_sha256")).isNull();
    }

    @Test
    void refusesRowsThatAreNotRejectedRecords() {
        Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("x")), new StructType().add("raw_value", DataTypes.StringType));

        assertThatThrownBy(() -> DeadLetters.of(rows, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make dead letters: columns [rejection_reason, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp]"
                        + " are missing; the rows have [raw_value]. Pass the output of KafkaEvents.rejected.");
        assertThatThrownBy(() -> DeadLetters.of(rejected("x"), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot cut dead-letter values to 3 bytes: a UTF-8 character takes up to 4."
                        + " Set mlcycle.scorer.dead-letter.max-raw-value-bytes higher.");
    }

    private static List<Row> deadLetters(int maxBytes, String... values) {
        return DeadLetters.of(rejected(values), maxBytes).orderBy("kafka_offset").collectAsList();
    }

    private static Dataset<Row> rejected(String... values) {
        List<Row> rows = new ArrayList<>();
        for (int offset = 0; offset < values.length; offset++) {
            rows.add(RowFactory.create(values[offset], "reason " + offset, "events", 1, (long) offset, KAFKA_TIME));
        }
        return spark.createDataFrame(rows, REJECTED);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
