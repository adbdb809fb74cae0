package io.mlcycle.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.common.dataset.AggregateSpec;
import io.mlcycle.common.dataset.AggregateSpec.Function;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.FeatureSpec;
import io.mlcycle.common.dataset.LookupSpec;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.common.dataset.TaskType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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

/** Point-in-time entity aggregates and lookup joins against hand-computed values. */
class EntityAggregatesTest {
    private static final StructType EVENTS = new StructType()
            .add("id", DataTypes.StringType).add("customer", DataTypes.StringType)
            .add("t", DataTypes.TimestampType).add("amount", DataTypes.DoubleType);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("EntityAggregatesTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aggregatesOnlyTheSameEntitysEventsStrictlyBeforeTheRow() {
        DatasetSpec spec = spec(List.of(
                new AggregateSpec("sum_30d", "amount", Function.SUM, Duration.ofDays(30)),
                new AggregateSpec("count_30d", "", Function.COUNT, Duration.ofDays(30)),
                new AggregateSpec("mean_30d", "amount", Function.MEAN, Duration.ofDays(30)),
                new AggregateSpec("max_30d", "amount", Function.MAX, Duration.ofDays(30))));
        Dataset<Row> events = spark.createDataFrame(List.of(
                event("e0", "c1", "2026-01-01T00:00:00Z", 10),
                event("e1", "c1", "2026-01-05T12:00:00Z", 20),
                event("e2", "c1", "2026-01-05T12:00:00Z", 40), // same instant as e1: neither sees the other
                event("e3", "c1", "2026-01-10T00:00:00Z", 5), // later than e1 and e2: must not count for them
                event("e4", "c1", "2026-01-31T00:00:00Z", 1), // e0 is exactly 30 days earlier: inside the window
                event("e5", "c1", "2026-02-20T00:00:00Z", 7), // window [Jan 21, Feb 20): only e4
                event("o1", "c2", "2026-01-04T00:00:00Z", 1000)), EVENTS); // another customer: never counted for c1

        Map<String, Row> byId = byId(EntityAggregates.withAggregates(events, spec));

        assertAggregate(byId.get("e0"), 0.0, 0L, null, null);
        assertAggregate(byId.get("e1"), 10.0, 1L, 10.0, 10.0);
        assertAggregate(byId.get("e2"), 10.0, 1L, 10.0, 10.0);
        assertAggregate(byId.get("e3"), 70.0, 3L, 70.0 / 3, 40.0);
        assertAggregate(byId.get("e4"), 75.0, 4L, 75.0 / 4, 40.0);
        assertAggregate(byId.get("e5"), 1.0, 1L, 1.0, 1.0);
        assertAggregate(byId.get("o1"), 0.0, 0L, null, null);
    }

    @Test
    void rowsWithoutAnEntityHaveNoEarlierEventsNotEachOther() {
        DatasetSpec spec = spec(List.of(
                new AggregateSpec("sum_30d", "amount", Function.SUM, Duration.ofDays(30)),
                new AggregateSpec("count_30d", "", Function.COUNT, Duration.ofDays(30)),
                new AggregateSpec("mean_30d", "amount", Function.MEAN, Duration.ofDays(30)),
                new AggregateSpec("max_30d", "amount", Function.MAX, Duration.ofDays(30))));
        Dataset<Row> events = spark.createDataFrame(List.of(
                event("n0", null, "2026-01-01T00:00:00Z", 10),
                event("n1", null, "2026-01-02T00:00:00Z", 20),
                event("e0", "c1", "2026-01-01T12:00:00Z", 30),
                event("e1", "c1", "2026-01-03T00:00:00Z", 40)), EVENTS);

        Map<String, Row> byId = byId(EntityAggregates.withAggregates(events, spec));

        assertAggregate(byId.get("n0"), 0.0, 0L, null, null);
        assertAggregate(byId.get("n1"), 0.0, 0L, null, null);
        assertAggregate(byId.get("e1"), 30.0, 1L, 30.0, 30.0);
    }

    @Test
    void refusesAggregatesWithoutEntityOrTime() {
        DatasetSpec spec = new DatasetSpec("t", TaskType.BINARY, "id", "", "t", "y", "", List.of(), List.of(), List.of(), List.of(),
                QualitySpec.none(), new FeatureSpec(List.of(new FeatureSpec.NumericFeature("amount")), List.of(), List.of(), List.of(),
                        List.of(new AggregateSpec("n", "", Function.COUNT, Duration.ofDays(1)))));

        assertThatThrownBy(() -> EntityAggregates.withAggregates(spark.emptyDataFrame(), spec))
                .hasMessageContaining("Cannot compute entity aggregates of dataset t: they need an entity and a time column");
    }

    @Test
    void looksUpDimensionColumnsAndLeavesNullsWithoutAMatch() {
        Dataset<Row> events = spark.createDataFrame(List.of(event("e0", "c1", "2026-01-01T00:00:00Z", 1), event("e1", "c9", "2026-01-01T00:00:00Z", 2)), EVENTS);
        StructType dimensionSchema = new StructType().add("cid", DataTypes.StringType).add("segment", DataTypes.StringType)
                .add("credit_limit", DataTypes.DoubleType).add("unused", DataTypes.StringType);
        Dataset<Row> customers = spark.createDataFrame(List.of(RowFactory.create("c1", "gold", 5000.0, "x"),
                RowFactory.create("c2", "basic", 500.0, "y")), dimensionSchema);
        LookupSpec lookup = new LookupSpec("customers", "/unused", LookupSpec.Format.DELTA, "customer", "cid", List.of("segment", "credit_limit"));

        Dataset<Row> joined = Lookups.join(events, customers, lookup);
        Map<String, Row> byId = byId(joined);

        assertThat(joined.columns()).containsExactly("id", "customer", "t", "amount", "segment", "credit_limit");
        assertThat(byId.get("e0").<String>getAs("segment")).isEqualTo("gold");
        assertThat(byId.get("e0").<Double>getAs("credit_limit")).isEqualTo(5000.0);
        assertThat(byId.get("e1").<String>getAs("segment")).isNull();
        assertThat(byId.get("e1").<Double>getAs("credit_limit")).isNull();
    }

    private static void assertAggregate(Row row, double sum, long count, Double mean, Double max) {
        String id = row.getAs("id");
        assertThat(row.<Double>getAs("sum_30d")).as("sum of %s", id).isEqualTo(sum);
        assertThat(row.<Long>getAs("count_30d")).as("count of %s", id).isEqualTo(count);
        if (mean == null) {
            assertThat(row.<Double>getAs("mean_30d")).as("mean of %s", id).isNull();
        } else {
            assertThat(row.<Double>getAs("mean_30d")).as("mean of %s", id).isCloseTo(mean, within(1e-9));
        }
        assertThat(row.<Double>getAs("max_30d")).as("max of %s", id).isEqualTo(max);
    }

    private static Map<String, Row> byId(Dataset<Row> rows) {
        Map<String, Row> byId = new HashMap<>();
        rows.collectAsList().forEach(row -> byId.put(row.getAs("id"), row));
        return byId;
    }

    private static Row event(String id, String customer, String time, double amount) {
        return RowFactory.create(id, customer, Timestamp.from(Instant.parse(time)), amount);
    }

    private static DatasetSpec spec(List<AggregateSpec> aggregates) {
        return new DatasetSpec("t", TaskType.BINARY, "id", "customer", "t", "y", "",
                List.of(new ColumnSpec("id", ColumnType.STRING, false), new ColumnSpec("amount", ColumnType.DOUBLE, true)), List.of(),
                List.of(), List.of(), QualitySpec.none(),
                new FeatureSpec(List.of(new FeatureSpec.NumericFeature("amount")), List.of(), List.of(), List.of(), aggregates));
    }
}
