package io.mlcycle.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.DerivedColumn;
import io.mlcycle.common.dataset.FeatureSpec;
import io.mlcycle.common.dataset.FeatureSpec.Bucketing;
import io.mlcycle.common.dataset.FeatureSpec.CategoricalFeature;
import io.mlcycle.common.dataset.FeatureSpec.Encoding;
import io.mlcycle.common.dataset.FeatureSpec.NumericFeature;
import io.mlcycle.common.dataset.FeatureSpec.Scale;
import io.mlcycle.common.dataset.FeatureSpec.Transform;
import io.mlcycle.common.dataset.MissingValuePolicy;
import io.mlcycle.common.dataset.MissingValuePolicy.Strategy;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.common.dataset.TaskType;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
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

/**
 * Each configurable transform against values computed by hand. Spark's quantiles (Imputer median, RobustScaler,
 * QuantileDiscretizer) pick an observed value: on n sorted values the p-quantile is the value of rank ceil(p * n).
 */
class FeatureTransformsTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("FeatureTransformsTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1")
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void logPowerAndSqrtPreserveTheSign() {
        FeatureSpec features = numeric(
                new NumericFeature("a", Scale.NONE, Transform.LOG, 1.0, Optional.empty()),
                new NumericFeature("b", Scale.NONE, Transform.POWER, 2.0, Optional.empty()),
                new NumericFeature("c", Scale.NONE, Transform.SQRT, 1.0, Optional.empty()));
        StructType schema = doubles("a", "b", "c");
        double e1 = Math.E - 1; // log1p(e - 1) = 1
        List<Row> rows = List.of(RowFactory.create(0.0, 3.0, 16.0), RowFactory.create(e1, -2.0, -9.0), RowFactory.create(-e1, 0.5, 0.0));

        List<double[]> out = vectors(features, List.of(), schema, rows, rows);

        assertThat(out.get(0)).containsExactly(new double[] {0.0, 9.0, 4.0}, within(1e-12));
        assertThat(out.get(1)).containsExactly(new double[] {1.0, -4.0, -3.0}, within(1e-12));
        assertThat(out.get(2)).containsExactly(new double[] {-1.0, 0.25, 0.0}, within(1e-12));
    }

    @Test
    void scalesStandardMinMaxAndRobustAsFittedOnTrainingRows() {
        FeatureSpec features = numeric(
                new NumericFeature("m", Scale.MIN_MAX, Transform.NONE, 1.0, Optional.empty()),
                new NumericFeature("r", Scale.ROBUST, Transform.NONE, 1.0, Optional.empty()),
                new NumericFeature("s", Scale.STANDARD, Transform.NONE, 1.0, Optional.empty()));
        StructType schema = doubles("m", "r", "s");
        List<Row> train = List.of(RowFactory.create(2.0, 1.0, 1.0), RowFactory.create(4.0, 2.0, 2.0), RowFactory.create(6.0, 3.0, 3.0),
                RowFactory.create(10.0, 4.0, 4.0), RowFactory.create(2.0, 100.0, 5.0));

        List<double[]> out = vectors(features, List.of(), schema, train, List.of(RowFactory.create(6.0, 7.0, 4.0), RowFactory.create(12.0, 3.0, 3.0)));

        // groups in the order standard, min-max, robust. s: mean 3, sample std sqrt(10 / 4). m: min 2, max 10.
        // r sorted 1, 2, 3, 4, 100: median rank 3 -> 3, q1 rank 2 -> 2, q3 rank 4 -> 4, IQR 2.
        assertThat(out.get(0)).containsExactly(new double[] {(4 - 3) / Math.sqrt(2.5), (6 - 2) / 8.0, (7 - 3) / 2.0}, within(1e-9));
        assertThat(out.get(1)).containsExactly(new double[] {0.0, (12 - 2) / 8.0, 0.0}, within(1e-9));
    }

    @Test
    void bucketsOnFixedSplitsAndTrainingQuantilesOneHot() {
        FeatureSpec features = numeric(
                new NumericFeature("x", Scale.NONE, Transform.NONE, 1.0, Optional.of(Bucketing.fixed(List.of(0.0, 10.0)))),
                new NumericFeature("q", Scale.NONE, Transform.NONE, 1.0, Optional.of(Bucketing.quantile(2))));
        StructType schema = doubles("x", "q");
        List<Row> train = List.of(RowFactory.create(-1.0, 1.0), RowFactory.create(1.0, 2.0), RowFactory.create(11.0, 3.0), RowFactory.create(5.0, 4.0));

        List<double[]> out = vectors(features, List.of(), schema, train,
                List.of(RowFactory.create(-5.0, 1.5), RowFactory.create(5.0, 2.0), RowFactory.create(10.0, 100.0)));

        // x: (-inf, 0) (0, 10) [10, inf) -> 3 slots, an edge belongs to the bucket above. q: median of 1, 2, 3, 4 is
        // rank 2 -> 2, so buckets (-inf, 2) [2, inf) -> 2 slots.
        assertThat(out.get(0)).containsExactly(1, 0, 0, 1, 0);
        assertThat(out.get(1)).containsExactly(0, 1, 0, 0, 1);
        assertThat(out.get(2)).containsExactly(0, 0, 1, 0, 1);
    }

    @Test
    void fillsMissingValuesByPolicyAddsIndicatorsAndKeepsUnseenCategories() {
        FeatureSpec features = new FeatureSpec(
                List.of(new NumericFeature("n", Scale.NONE, Transform.NONE, 1.0, Optional.empty()),
                        new NumericFeature("k", Scale.NONE, Transform.NONE, 1.0, Optional.empty())),
                List.of(new CategoricalFeature("c1", Encoding.ONE_HOT), new CategoricalFeature("c2", Encoding.INDEX),
                        new CategoricalFeature("c3", Encoding.INDEX)),
                List.of(), List.of(), List.of());
        List<MissingValuePolicy> policies = List.of(
                new MissingValuePolicy("n", Strategy.MEAN, "", true),
                new MissingValuePolicy("k", Strategy.CONSTANT, "-1", false),
                new MissingValuePolicy("c1", Strategy.KEEP, "", false),
                new MissingValuePolicy("c2", Strategy.MODE, "", true),
                new MissingValuePolicy("c3", Strategy.CONSTANT, "zz", false));
        StructType schema = new StructType().add("n", DataTypes.DoubleType).add("k", DataTypes.DoubleType)
                .add("c1", DataTypes.StringType).add("c2", DataTypes.StringType).add("c3", DataTypes.StringType);
        List<Row> train = List.of(
                RowFactory.create(1.0, 1.0, "a", "x", "p"),
                RowFactory.create(2.0, 2.0, "a", "y", "p"),
                RowFactory.create(6.0, 3.0, "b", "y", null),
                RowFactory.create(null, null, null, null, null));

        List<double[]> out = vectors(features, policies, schema, train, List.of(
                RowFactory.create(null, null, "b", null, null),
                RowFactory.create(4.0, 5.0, null, "x", "p"),
                RowFactory.create(4.0, 5.0, "zzz", "new", "zz")));

        // layout: n, k, n_missing, c2_missing, c1 one-hot [a, (missing), b, unseen], c2 index, c3 index.
        // n: mean of 1, 2, 6 = 3. k: constant -1. c1 by frequency: a 2; (missing) and b 1 each, ties by name: '(' < 'b'.
        // c2: y 2, x 1 -> y 0, x 1, unseen 2; missing -> the mode y (0). c3: p 2, zz 2 (the filled nulls) -> p 0, zz 1.
        assertThat(out.get(0)).containsExactly(3, -1, 1, 1, 0, 0, 1, 0, 0, 1);
        assertThat(out.get(1)).containsExactly(4, 5, 0, 0, 0, 1, 0, 0, 1, 0);
        assertThat(out.get(2)).containsExactly(4, 5, 0, 0, 0, 0, 0, 1, 2, 1);
    }

    @Test
    void derivesRatiosProductsDatePartsAndExpressionsInsideThePipeline() {
        FeatureSpec features = new FeatureSpec(
                List.of(plain("ratio"), plain("prod"), plain("hour"), plain("dow"), plain("plus1")),
                List.of(new CategoricalFeature("pair", Encoding.INDEX)),
                List.of(DerivedColumn.ratio("ratio", "a", "b"), DerivedColumn.product("prod", List.of("a", "b")),
                        DerivedColumn.datePart("hour", "t", DerivedColumn.DatePart.HOUR),
                        DerivedColumn.datePart("dow", "t", DerivedColumn.DatePart.DAY_OF_WEEK),
                        DerivedColumn.expression("plus1", "a + 1"), DerivedColumn.interaction("pair", List.of("g", "h"))),
                List.of(), List.of());
        List<MissingValuePolicy> policies = List.of(new MissingValuePolicy("ratio", Strategy.MEDIAN, "", true));
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("t", DataTypes.TimestampType).add("g", DataTypes.StringType).add("h", DataTypes.StringType);
        Timestamp thursday = Timestamp.from(Instant.parse("2026-01-01T13:45:00Z"));
        List<Row> train = List.of(
                RowFactory.create(6.0, 3.0, thursday, "u", "v"),
                RowFactory.create(1.0, 0.0, thursday, "u", "v"),
                RowFactory.create(8.0, 2.0, thursday, "u", "w"),
                RowFactory.create(5.0, 5.0, thursday, "u", "v"));

        List<double[]> out = vectors(features, policies, schema, train, List.of(
                RowFactory.create(3.0, 0.0, Timestamp.from(Instant.parse("2026-01-04T07:00:00Z")), "u", "w"),
                RowFactory.create(9.0, 3.0, thursday, "u", null)));

        // ratio: 3 / 0 -> null -> median of 2, 4, 1 (sorted 1, 2, 4; rank 2) = 2, flagged missing. 2026-01-04 is a Sunday (1).
        // pair: u|v 3, u|w 1 -> 0, 1; a null part makes the pair missing, kept as its own category (unseen in training: 2).
        assertThat(out.get(0)).containsExactly(2, 0, 7, 1, 4, 1, 1);
        assertThat(out.get(1)).containsExactly(3, 27, 13, 5, 10, 0, 2);
    }

    @Test
    void theSavedPipelineReloadsAndGivesTheSameOutput() throws Exception {
        FeatureSpec features = new FeatureSpec(
                List.of(new NumericFeature("a", Scale.ROBUST, Transform.LOG, 1.0, Optional.empty()),
                        new NumericFeature("b", Scale.NONE, Transform.NONE, 1.0, Optional.of(Bucketing.quantile(2)))),
                List.of(new CategoricalFeature("g", Encoding.ONE_HOT)),
                List.of(DerivedColumn.ratio("a", "x", "y")), List.of(), List.of());
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("g", DataTypes.StringType);
        List<Row> rows = List.of(RowFactory.create(1.0, 2.0, 3.0, "p"), RowFactory.create(4.0, 0.0, 1.0, "q"),
                RowFactory.create(9.0, 3.0, null, null), RowFactory.create(5.0, 1.0, 7.0, "p"));
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        PipelineModel fitted = FeaturePipelines.preprocessing(spec(features, List.of())).fit(data);

        String path = tmp.resolve("preprocessing").toString();
        fitted.write().save(path);
        PipelineModel reloaded = PipelineModel.load(path);

        Dataset<Row> scored = spark.createDataFrame(List.of(RowFactory.create(2.0, 1.0, 2.0, "unseen"), RowFactory.create(null, 1.0, null, "q")), schema);
        assertThat(collect(reloaded.transform(scored))).containsExactlyElementsOf(collect(fitted.transform(scored)));
    }

    private static NumericFeature plain(String column) {
        return new NumericFeature(column, Scale.NONE, Transform.NONE, 1.0, Optional.empty());
    }

    private static FeatureSpec numeric(NumericFeature... features) {
        return new FeatureSpec(List.of(features), List.of(), List.of(), List.of(), List.of());
    }

    private static StructType doubles(String... names) {
        StructType schema = new StructType();
        for (String name : names) {
            schema = schema.add(name, DataTypes.DoubleType);
        }
        return schema;
    }

    private static DatasetSpec spec(FeatureSpec features, List<MissingValuePolicy> policies) {
        return new DatasetSpec("t", TaskType.BINARY, "id", "", "", "y", "", List.of(new ColumnSpec("id", ColumnType.STRING, false)),
                List.of(), List.of(), policies, QualitySpec.none(), features);
    }

    private List<double[]> vectors(FeatureSpec features, List<MissingValuePolicy> policies, StructType schema, List<Row> train, List<Row> scored) {
        PipelineModel fitted = FeaturePipelines.preprocessing(spec(features, policies)).fit(spark.createDataFrame(train, schema));
        return collect(fitted.transform(spark.createDataFrame(scored, schema)));
    }

    private static List<double[]> collect(Dataset<Row> transformed) {
        List<double[]> vectors = new ArrayList<>();
        for (Row row : transformed.select(FeaturePipelines.FEATURES_COLUMN).collectAsList()) {
            vectors.add(((Vector) row.getAs(0)).toArray());
        }
        return vectors;
    }
}
