package io.mlcycle.streaming;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mlcycle.platform.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
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

class OversizedRecordsTest {
    private static final StructType PREDICTIONS = new StructType()
            .add("event_id", DataTypes.StringType)
            .add("note", DataTypes.StringType)
            .add("kafka_partition", DataTypes.IntegerType)
            .add("kafka_offset", DataTypes.LongType);
    private static final StructType PARSED = new StructType()
            .add("event_id", DataTypes.StringType)
            .add("raw_value", DataTypes.StringType)
            .add("kafka_topic", DataTypes.StringType)
            .add("kafka_partition", DataTypes.IntegerType)
            .add("kafka_offset", DataTypes.LongType)
            .add("kafka_timestamp", DataTypes.TimestampType)
            .add("rejection_reason", DataTypes.StringType);
    private static final Timestamp KAFKA_TIME = Timestamp.from(Instant.parse("2026-03-01T08:00:00Z"));

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSessions.create("OversizedRecordsTest", TestSettings.SPARK);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void theRecordSizeIsKeyPlusJsonValuePlusTheProducerOverhead() {
        Row sized = OversizedRecords.withRecordBytes(predictions(RowFactory.create("é1", "naïve €", 0, 5L)), col("event_id")).first();

        // key "é1" is 3 bytes; the value is the row as JSON text, counted here in UTF-8
        int value = "{\"event_id\":\"é1\",\"note\":\"naïve €\",\"kafka_partition\":0,\"kafka_offset\":5}".getBytes(StandardCharsets.UTF_8).length;
        assertThat(value).isEqualTo(75);
        assertThat(sized.<Integer>getAs(OversizedRecords.RECORD_BYTES)).isEqualTo(3 + 75 + 128);
        assertThat(JsonRecords.render(predictions(RowFactory.create("é1", "naïve €", 0, 5L)), col("event_id")).first().<String>getAs("value"))
                .isEqualTo("{\"event_id\":\"é1\",\"note\":\"naïve €\",\"kafka_partition\":0,\"kafka_offset\":5}");
    }

    @Test
    void oversizedPredictionsBecomeRejectedEventsWithSizeAndLimit() {
        // the JSON of a row is 63 bytes plus the note; with the 1-byte key and the overhead: 63 + 1 + 128 + note
        Dataset<Row> sized = OversizedRecords.withRecordBytes(predictions(
                RowFactory.create("a", "x".repeat(100), 0, 1L),
                RowFactory.create("b", "x".repeat(106), 1, 1L),
                RowFactory.create("c", "x".repeat(107), 0, 2L)), col("event_id"));
        Dataset<Row> parsed = spark.createDataFrame(List.of(
                RowFactory.create("a", "raw a", "events", 0, 1L, KAFKA_TIME, null),
                RowFactory.create("b", "raw b", "events", 1, 1L, KAFKA_TIME, null),
                RowFactory.create("c", "raw c", "events", 0, 2L, KAFKA_TIME, null),
                RowFactory.create(null, "raw bad", "events", 1, 2L, KAFKA_TIME, "id is missing")), PARSED);

        assertThat(sized.orderBy("event_id").collectAsList()).extracting(row -> row.<Integer>getAs(OversizedRecords.RECORD_BYTES))
                .containsExactly(292, 298, 299);
        assertThat(OversizedRecords.fitting(sized, 298).orderBy("event_id").collectAsList())
                .extracting(row -> row.<String>getAs("event_id"), row -> row.size())
                .containsExactly(tuple("a", 4), tuple("b", 4));
        assertThat(OversizedRecords.rejectedPredictions(parsed, sized, 298).collectAsList()).extracting(
                        row -> row.<String>getAs("raw_value"), row -> row.<String>getAs("rejection_reason"), row -> row.<String>getAs("kafka_topic"),
                        row -> row.<Integer>getAs("kafka_partition"), row -> row.<Long>getAs("kafka_offset"), row -> row.<Timestamp>getAs("kafka_timestamp"))
                .containsExactly(tuple("raw c", "prediction is too large for Kafka: its record is 299 bytes, more than"
                        + " mlcycle.scorer.producer-max-request-size = 298", "events", 0, 2L, KAFKA_TIME));
    }

    @Test
    void refusesPredictionsWithoutTheirSize() {
        assertThatThrownBy(() -> OversizedRecords.fitting(predictions(RowFactory.create("a", "n", 0, 1L)), 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read rows with their record size (OversizedRecords.withRecordBytes): columns [kafka_record_bytes] are missing;"
                        + " the rows have [event_id, note, kafka_partition, kafka_offset].");
    }

    private static Dataset<Row> predictions(Row... rows) {
        return spark.createDataFrame(List.of(rows), PREDICTIONS);
    }
}
