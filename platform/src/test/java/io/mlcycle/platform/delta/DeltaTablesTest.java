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

/** Delta writes, reads and time travel on a real Delta table in Spark local mode. */
class DeltaTablesTest {
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType).add("value", DataTypes.IntegerType);
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(DeltaTablesTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void appendsOverwritesAndTravelsBackToEveryVersion() {
        String table = dir.resolve("t").toString();

        long first = DeltaTables.append(rows(RowFactory.create("a", 1), RowFactory.create("b", 2)), table, "{\"job\":\"one\"}");
        long second = DeltaTables.append(rows(RowFactory.create("c", 3)), table, "{\"job\":\"two\"}");
        long third = DeltaTables.overwrite(rows(RowFactory.create("z", 26)), table, "{\"job\":\"three\"}");

        assertThat(List.of(first, second, third)).containsExactly(0L, 1L, 2L);
        assertThat(DeltaTables.latestVersion(spark, table)).isEqualTo(2L);
        assertThat(ids(DeltaTables.read(spark, table, 0))).containsExactly("a", "b");
        assertThat(ids(DeltaTables.read(spark, table, 1))).containsExactly("a", "b", "c");
        assertThat(ids(DeltaTables.read(spark, table, 2))).containsExactly("z");
        List<String> metadata = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").orderBy("version")
                .select("userMetadata").collectAsList().stream().map(r -> r.getString(0)).toList();
        assertThat(metadata).containsExactly("{\"job\":\"one\"}", "{\"job\":\"two\"}", "{\"job\":\"three\"}");
    }

    @Test
    void explainsAMissingTable() {
        String missing = dir.resolve("nothing-here").toString();

        assertThat(DeltaTables.exists(spark, missing)).isFalse();
        assertThatThrownBy(() -> DeltaTables.latestVersion(spark, missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot read Delta table " + missing + ": it does not exist yet");
    }

    private static Dataset<Row> rows(Row... rows) {
        return spark.createDataFrame(List.of(rows), SCHEMA);
    }

    private static List<String> ids(Dataset<Row> rows) {
        return rows.orderBy("id").collectAsList().stream().map(r -> r.getString(0)).toList();
    }
}
