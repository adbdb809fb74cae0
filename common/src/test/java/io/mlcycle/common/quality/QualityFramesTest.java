package io.mlcycle.common.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.dataset.DatasetSpec;
import java.sql.Timestamp;
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

/** A binary label that must be 0/1 (no positive-label) and deduplication without a time column (the latest ingestion wins). */
class QualityFramesTest {
    private static final StructType BRONZE = new StructType().add("id", DataTypes.StringType).add("x", DataTypes.StringType)
            .add("y", DataTypes.StringType).add("_source", DataTypes.StringType).add("_origin", DataTypes.StringType)
            .add("_ingested_at", DataTypes.TimestampType).add("_ingest_run_id", DataTypes.StringType).add("_corrupt_record", DataTypes.StringType);
    private static final Timestamp T1 = Timestamp.valueOf("2026-01-01 00:00:00");
    private static final Timestamp T2 = Timestamp.valueOf("2026-01-02 00:00:00");
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("QualityFramesTest").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1").config("spark.sql.session.timeZone", "UTC").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void rejectsABinaryLabelOtherThanZeroOrOneAndKeepsTheLatestIngestionOfAnId() {
        DatasetSpec spec = spec();
        Dataset<Row> bronze = spark.createDataFrame(List.of(
                RowFactory.create("a", "1.5", "1", "s", "f:1", T1, "r1", null),
                RowFactory.create("a", "2.5", "0", "s", "f:2", T2, "r2", null),
                RowFactory.create("b", "3", "2", "s", "f:3", T1, "r1", null),
                RowFactory.create("c", "", "1.0", "s", "f:4", T1, "r1", null)), BRONZE);

        Dataset<Row> classified = QualityFrames.classify(bronze, spec).cache();
        List<Row> silver = QualityFrames.silver(classified, spec).orderBy("id").collectAsList();
        List<Row> quarantine = QualityFrames.quarantine(classified, "run", T1.toInstant()).orderBy("_origin").collectAsList();

        // a: the copy ingested at T2 (x 2.5, y 0) is kept; c: "" is not a double (a cast failure), its y "1.0" is label 1
        assertThat(silver).extracting(r -> r.getString(0) + " " + r.get(1) + " " + r.get(2)).containsExactly("a 2.5 0");
        assertThat(silver.get(0).schema().apply("y").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(quarantine).extracting(r -> r.getString(r.fieldIndex("_origin")) + " " + r.<Row>getList(2).get(0).getString(1)).containsExactly(
                "f:1 id = 'a' occurs more than once; the latest record is kept (from f:2)",
                "f:3 y = 2 is not 0 or 1 (task = binary without positive-label)",
                "f:4 x = '' is not a valid double");
        assertThat(QualityReport.measure(classified, 0.5).rejectedShare()).isEqualTo(2.0 / 3.0);
    }

    private static DatasetSpec spec() {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString("""
                mlcycle.work-dir = "/tmp/unused"
                mlcycle.dataset {
                  name = t, task = binary, id-column = id, label-column = y
                  schema = [ { name = id, type = string, nullable = false }, { name = x, type = double }, { name = y, type = double } ]
                  features { numeric = [x], categorical = [] }
                }
                """).resolve());
        DatasetSpec spec = DatasetSpec.read(reader);
        reader.throwIfInvalid();
        return spec;
    }
}
