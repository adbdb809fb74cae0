package io.mlcycle.platform.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.platform.SparkTestSession;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

class IdempotentDeltaAppendTest {
    private static final StructType OLD = new StructType().add("id", DataTypes.StringType).add("reason", DataTypes.StringType);
    private static final StructType NEW = OLD.add("raw_value_bytes", DataTypes.IntegerType);
    private static SparkSession spark;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(IdempotentDeltaAppendTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aReplayedBatchIsSkippedAndANewColumnIsAddedToAnOlderTable() {
        String table = work.resolve("dead_letters").toString();
        IdempotentDeltaAppend delta = new IdempotentDeltaAppend("scorer");
        delta.append(rows(OLD, RowFactory.create("a", "malformed")), table, 0);

        delta.appendAddingColumns(rows(NEW, RowFactory.create("b", "too large", 2_000_000)), table, 1, "{\"job\":\"score\"}");
        delta.appendAddingColumns(rows(NEW, RowFactory.create("b", "too large", 2_000_000)), table, 1, null);

        List<Row> all = spark.read().format("delta").load(table).orderBy("id").collectAsList();
        assertThat(all).extracting(row -> row.getString(0) + "/" + row.get(2)).containsExactly("a/null", "b/2000000");
        assertThat(io.delta.tables.DeltaTable.forPath(spark, table).history(1).select("userMetadata").head().getString(0))
                .isEqualTo("{\"job\":\"score\"}");
    }

    @Test
    void aPlainAppendRefusesANewColumn() {
        String table = work.resolve("predictions").toString();
        IdempotentDeltaAppend delta = new IdempotentDeltaAppend("scorer");
        delta.append(rows(OLD, RowFactory.create("a", "x")), table, 0);

        assertThatThrownBy(() -> delta.append(rows(NEW, RowFactory.create("b", "y", 1)), table, 1))
                .hasMessageContaining("raw_value_bytes");
    }

    private static Dataset<Row> rows(StructType schema, Row row) {
        return spark.createDataFrame(List.of(row), schema);
    }
}
