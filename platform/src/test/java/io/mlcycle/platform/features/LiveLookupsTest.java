package io.mlcycle.platform.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mlcycle.common.dataset.LookupSpec;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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

/** The scorer's dimension cache on real Delta and Parquet tables: refreshed when a Delta dimension gets a new version. */
class LiveLookupsTest {
    private static final StructType DIMENSION = new StructType()
            .add("id", DataTypes.StringType).add("segment", DataTypes.StringType).add("limit", DataTypes.DoubleType);
    private static final StructType EVENTS = new StructType().add("event_id", DataTypes.StringType).add("customer", DataTypes.StringType);
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(LiveLookupsTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void joinsTheLatestVersionOfADeltaDimensionFromTheCallAfterItChanged() {
        String table = dir.resolve("customers").toString();
        DeltaTables.overwrite(dimension(RowFactory.create("c1", "gold", 500.0), RowFactory.create("c2", "basic", 100.0)), table, "{}");
        LiveLookups lookups = new LiveLookups(spark, List.of(customers(table, LookupSpec.Format.DELTA)));

        Dimensions first = lookups.current();
        assertThat(first.versions()).isEqualTo(Map.of("customers", OptionalLong.of(0)));
        assertThat(first.reads()).containsExactly(new Lineage.TableVersion(table, 0));
        assertThat(joined(first)).containsExactly(tuple("e1", "gold", 500.0), tuple("e2", "basic", 100.0), tuple("e3", null, null));
        assertThat(lookups.current().dimensions()).as("same version: the cached rows").isEqualTo(first.dimensions());

        DeltaTables.overwrite(dimension(RowFactory.create("c1", "platinum", 900.0), RowFactory.create("c3", "basic", 50.0)), table, "{}");
        Dimensions second = lookups.current();

        assertThat(second.versions()).isEqualTo(Map.of("customers", OptionalLong.of(1)));
        assertThat(second.reads()).containsExactly(new Lineage.TableVersion(table, 1));
        assertThat(joined(second)).containsExactly(tuple("e1", "platinum", 900.0), tuple("e2", null, null), tuple("e3", "basic", 50.0));
    }

    @Test
    void readsAParquetDimensionOnceWithoutAVersion() {
        String files = dir.resolve("customers-parquet").toString();
        dimension(RowFactory.create("c1", "gold", 500.0)).write().parquet(files);
        LiveLookups lookups = new LiveLookups(spark, List.of(customers(files, LookupSpec.Format.PARQUET)));

        Dimensions dimensions = lookups.current();

        assertThat(dimensions.versions()).isEqualTo(Map.of("customers", OptionalLong.empty()));
        assertThat(dimensions.reads()).isEmpty();
        assertThat(dimensions.sources()).containsExactly("parquet:" + files);
        assertThat(joined(dimensions)).containsExactly(tuple("e1", "gold", 500.0), tuple("e2", null, null), tuple("e3", null, null));
        assertThat(lookups.current().dimensions()).isEqualTo(dimensions.dimensions());
    }

    @Test
    void aNewVersionWithADuplicatedKeyFailsWithTheKey() {
        String table = dir.resolve("customers").toString();
        DeltaTables.overwrite(dimension(RowFactory.create("c1", "gold", 500.0)), table, "{}");
        LiveLookups lookups = new LiveLookups(spark, List.of(customers(table, LookupSpec.Format.DELTA)));
        lookups.current();
        DeltaTables.append(dimension(RowFactory.create("c1", "basic", 10.0)), table, "{}");

        assertThatThrownBy(lookups::current)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot join lookup customers (" + table + "): key id is not unique, e.g. [c1 (2 rows)]."
                        + " A lookup table must hold one row per key; deduplicate it or choose another lookup-key.");
    }

    private static LookupSpec customers(String path, LookupSpec.Format format) {
        return new LookupSpec("customers", path, format, "customer", "id", List.of("segment", "limit"));
    }

    private static List<org.assertj.core.groups.Tuple> joined(Dimensions dimensions) {
        Dataset<Row> events = spark.createDataFrame(List.of(RowFactory.create("e1", "c1"), RowFactory.create("e2", "c2"),
                RowFactory.create("e3", "c3")), EVENTS);
        return dimensions.join(events).orderBy("event_id").collectAsList().stream()
                .map(row -> tuple(row.getAs("event_id"), row.getAs("segment"), row.getAs("limit"))).toList();
    }

    private static Dataset<Row> dimension(Row... rows) {
        return spark.createDataFrame(List.of(rows), DIMENSION);
    }
}
