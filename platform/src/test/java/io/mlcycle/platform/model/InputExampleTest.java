package io.mlcycle.platform.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.platform.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InputExampleTest {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("score", DataTypes.DoubleType)
            .add("ratio", DataTypes.FloatType)
            .add("segment", DataTypes.StringType)
            .add("seen", DataTypes.TimestampType)
            .add("day", DataTypes.DateType)
            .add("visits", DataTypes.LongType)
            .add("active", DataTypes.BooleanType)
            .add("blob", DataTypes.BinaryType);
    private static final List<String> ALL = List.of(SCHEMA.fieldNames());

    private static SparkSession spark;
    private static Dataset<Row> rows;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(InputExampleTest.class);
        rows = spark.createDataFrame(List.of(
                RowFactory.create(1, 1.5, 0.25f, "a", at("2024-01-02T03:04:05.123456Z"), Date.valueOf(LocalDate.of(2024, 1, 2)), 10L, true, "hi".getBytes(UTF_8)),
                RowFactory.create(2, Double.NaN, null, null, at("2024-01-03T00:00:00Z"), null, 20L, false, new byte[] {1, 2}),
                RowFactory.create(3, 2.0, 1.0f, "c", null, Date.valueOf(LocalDate.of(2024, 3, 1)), null, true, null),
                RowFactory.create(4, null, 0.5f, "d", null, null, 40L, null, null),
                RowFactory.create(5, Double.POSITIVE_INFINITY, Float.NaN, "e", at("1999-12-31T23:59:59.000001Z"), null, 50L, false, new byte[] {0}),
                RowFactory.create(6, 3.0, 1.0f, "f", null, null, 60L, true, null)),
                SCHEMA);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Timestamp at(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    @Test
    void writesEachTypeAsMlflowReadsIt() {
        InputExample example = InputExample.of(rows, ALL, 10);

        // rows 3, 4 and 6 miss a long, a boolean and a binary value, which pandas cannot hold; the session time zone is UTC
        assertThat(example.exampleJson()).isEqualTo("{\"columns\":[\"id\",\"score\",\"ratio\",\"segment\",\"seen\",\"day\",\"visits\",\"active\",\"blob\"],"
                + "\"data\":[[1,1.5,0.25,\"a\",\"2024-01-02T03:04:05.123456\",\"2024-01-02\",10,true,\"aGk=\"],"
                + "[2,null,null,null,\"2024-01-03T00:00:00.000000\",null,20,false,\"AQI=\"],"
                + "[5,Infinity,null,\"e\",\"1999-12-31T23:59:59.000001\",null,50,false,\"AA==\"]]}");
    }

    @Test
    void servingExampleIsAScoringServerRequestOfTheSameRows() throws Exception {
        InputExample example = InputExample.of(rows, List.of("segment", "score"), 2);

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(example.servingJson())).isEqualTo(json.readTree(
                "{\"dataframe_split\": {\"columns\": [\"segment\", \"score\"], \"data\": [[\"a\", 1.5], [null, null]]}}"));
        assertThat(example.servingJson()).as("indented like MLflow's").contains("\n  \"dataframe_split\"");
    }

    @Test
    void keepsAtMostMaxRowsInTheGivenColumnOrder() {
        InputExample example = InputExample.of(rows, List.of("segment", "id"), 3);

        assertThat(example.columns()).containsExactly("segment", "id");
        assertThat(example.rows()).containsExactly(Arrays.asList("a", 1), Arrays.asList(null, 2), Arrays.asList("c", 3));
    }

    @Test
    void refusesColumnsItCannotWrite() {
        Dataset<Row> vectors = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1.0))), new StructType().add("features", new VectorUDT()));

        assertThatThrownBy(() -> InputExample.of(rows, List.of("id", "income"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an input example of column income: it is not in " + ALL);
        assertThatThrownBy(() -> InputExample.of(vectors, List.of("features"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an input example of vector column features: mlcycle models take raw columns, and their"
                        + " pipeline assembles the vectors. Leave it out of the example.");
        assertThatThrownBy(() -> InputExample.of(rows, List.of("id"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an input example of 0 rows: give at least 1");
    }

    @Test
    void refusesRowsWithoutACompleteIntegerValue() {
        Dataset<Row> missing = rows.filter("visits IS NULL");

        assertThatThrownBy(() -> InputExample.of(missing, List.of("segment", "visits"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an input example of columns [segment, visits]: no row has all of its integer, boolean and binary values"
                        + " (pandas cannot hold a missing one). Pass rows that do, or log the model without an example.");
    }

    @Test
    void explicitRowsAreCheckedAndCopied() {
        List<Object> row = Arrays.asList("a", null);
        InputExample example = new InputExample(List.of("segment", "score"), List.of(row));
        row.set(0, "changed");

        assertThat(example.rows()).containsExactly(Arrays.asList("a", null));
        assertThatThrownBy(() -> new InputExample(List.of("segment", "score"), List.of(List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an input example row [a]: it has 1 values for the 2 columns [segment, score]");
        assertThatThrownBy(() -> new InputExample(List.of("score"), List.of(List.of(Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an input example row [NaN] with value NaN: values are strings, numbers, booleans or null"
                        + " (for a missing value, NaN included). Use InputExample.of to convert Spark rows.");
        assertThatThrownBy(() -> new InputExample(List.of("score", "score"), List.of(List.of(1.0, 2.0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make an input example with repeated columns: [score, score]");
    }
}
