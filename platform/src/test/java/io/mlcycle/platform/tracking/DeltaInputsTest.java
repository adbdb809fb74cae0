package io.mlcycle.platform.tracking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.mlcycle.common.io.DatasetInput;
import io.mlcycle.common.io.DatasetInput.Context;
import io.mlcycle.platform.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset inputs of real Delta tables written by local Spark. */
class DeltaInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType SCHEMA = new StructType()
            .add("application_id", DataTypes.StringType, false)
            .add("amount", DataTypes.DoubleType)
            .add("defaulted", DataTypes.IntegerType)
            .add("split", DataTypes.StringType);
    /** MLflow's column specs of SCHEMA, written out by hand (see MlflowSchemasTest for the mapping). */
    private static final String SCHEMA_JSON = "{\"mlflow_colspec\":["
            + "{\"type\":\"string\",\"name\":\"application_id\",\"required\":true},"
            + "{\"type\":\"double\",\"name\":\"amount\",\"required\":true},"
            + "{\"type\":\"integer\",\"name\":\"defaulted\",\"required\":true},"
            + "{\"type\":\"string\",\"name\":\"split\",\"required\":true}]}";
    private static final List<Row> ROWS = List.of(
            RowFactory.create("a1", 100.0, 0, "train"), RowFactory.create("a2", 250.0, 1, "train"),
            RowFactory.create("a3", 80.0, 0, "train"), RowFactory.create("a4", 40.0, 1, "test"),
            RowFactory.create("a5", 60.0, 0, "test"));

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(DeltaInputsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void describesAVersionAsMlflowsDeltaSourceWithItsSchemaAndRowCount() throws Exception {
        String table = write(ROWS, SaveMode.Overwrite);

        DatasetInput input = DeltaInputs.of(spark, table, 0, Context.TRAINING);

        assertThat(input.name()).isEqualTo("features");
        assertThat(input.sourceType()).isEqualTo("delta_table");
        assertThat(JSON.readTree(input.source())).isEqualTo(JSON.readTree(
                "{\"path\":\"file:" + tmp.resolve("features").toAbsolutePath() + "\",\"delta_table_version\":0}"));
        assertThat(input.schema()).isEqualTo(SCHEMA_JSON);
        assertThat(input.profile()).isEqualTo("{\"num_rows\":5}");
        assertThat(input.context()).isEqualTo(Context.TRAINING);
        assertThat(input.digest()).hasSize(32);
    }

    /** The digest recomputed from the Delta log's own add actions (path, size, stats.numRecords), not from Spark's scan. */
    @Test
    void digestIsTheHashOfTheFilesTheDeltaLogLists() throws Exception {
        String table = write(ROWS, SaveMode.Overwrite);

        DatasetInput input = DeltaInputs.of(spark, table, 0, Context.TRAINING);

        TreeMap<String, String> lines = new TreeMap<>();
        for (String line : Files.readAllLines(tmp.resolve("features/_delta_log/00000000000000000000.json"))) {
            JsonNode add = JSON.readTree(line).path("add");
            if (!add.isMissingNode()) {
                long records = JSON.readTree(add.path("stats").asText()).path("numRecords").asLong();
                lines.put(add.path("path").asText(), add.path("path").asText() + "\t" + add.path("size").asLong() + "\t" + records + "\n");
            }
        }
        String text = "schema\t" + SCHEMA_JSON + "\nfilter\t\n" + String.join("", lines.values());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8))).substring(0, 32);
        assertThat(lines).hasSize(2);
        assertThat(input.digest()).isEqualTo(expected);
    }

    @Test
    void sameVersionGivesTheSameDigestAndANewCommitAnother() {
        String table = write(ROWS, SaveMode.Overwrite);
        String first = DeltaInputs.of(spark, table, 0, Context.TRAINING).digest();

        write(List.of(RowFactory.create("a6", 10.0, 0, "train")), SaveMode.Append);

        assertThat(DeltaInputs.of(spark, table, 0, Context.TESTING).digest()).as("version 0 read again").isEqualTo(first);
        DatasetInput appended = DeltaInputs.of(spark, table, 1, Context.TRAINING);
        assertThat(appended.digest()).isNotEqualTo(first);
        assertThat(appended.profile()).isEqualTo("{\"num_rows\":6}");
    }

    @Test
    void splitsOfOneVersionHaveTheirOwnDigestsRowCountsAndFilter() throws Exception {
        String table = write(ROWS, SaveMode.Overwrite);

        DatasetInput whole = DeltaInputs.of(spark, table, 0, Context.TRAINING);
        DatasetInput train = DeltaInputs.of(spark, table, 0, Context.TRAINING, "split = 'train'");
        DatasetInput test = DeltaInputs.of(spark, table, 0, Context.TESTING, "split = 'test'");

        assertThat(List.of(whole.digest(), train.digest(), test.digest())).doesNotHaveDuplicates();
        assertThat(train.profile()).isEqualTo("{\"num_rows\":3}");
        assertThat(test.profile()).isEqualTo("{\"num_rows\":2}");
        assertThat(JSON.readTree(train.source())).isEqualTo(JSON.readTree("{\"path\":\"file:" + tmp.resolve("features").toAbsolutePath()
                + "\",\"delta_table_version\":0,\"filter\":\"split = 'train'\"}"));
    }

    @Test
    void aDeleteChangesTheDigestOfTheSplitItTouchedOnly() {
        String table = write(ROWS, SaveMode.Overwrite);
        String trainBefore = DeltaInputs.of(spark, table, 0, Context.TRAINING, "split = 'train'").digest();
        String testBefore = DeltaInputs.of(spark, table, 0, Context.TESTING, "split = 'test'").digest();

        DeltaTable.forPath(spark, table).delete("application_id = 'a2'");

        DatasetInput trainAfter = DeltaInputs.of(spark, table, 1, Context.TRAINING, "split = 'train'");
        assertThat(trainAfter.digest()).isNotEqualTo(trainBefore);
        assertThat(trainAfter.profile()).isEqualTo("{\"num_rows\":2}");
        assertThat(DeltaInputs.of(spark, table, 1, Context.TESTING, "split = 'test'").digest()).as("test rows unchanged").isEqualTo(testBefore);
    }

    @Test
    void aFilterThatIsNotAPredicateOverTheColumnsIsRejected() {
        String table = write(ROWS, SaveMode.Overwrite);

        assertThatThrownBy(() -> DeltaInputs.of(spark, table, 0, Context.TRAINING, "no_such_column = 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot select rows of Delta table " + table + " version 0 with filter 'no_such_column = 1': ")
                .hasMessageEndingWith(". Write a Spark SQL predicate over its columns, such as split = 'train'.");
    }

    private String write(List<Row> rows, SaveMode mode) {
        String table = tmp.resolve("features").toString();
        spark.createDataFrame(rows, SCHEMA).repartition(1).write().format("delta").partitionBy("split").mode(mode).save(table);
        return table;
    }
}
