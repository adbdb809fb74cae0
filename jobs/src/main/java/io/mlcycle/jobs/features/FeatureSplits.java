package io.mlcycle.jobs.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Pure transformations of the features stage: validity, deduplication, and the train/test split, by time or seeded
 * random (stratified by the label for classification).
 */
public final class FeatureSplits {
    public static final String SPLIT_COLUMN = "split";
    public static final String TRAIN = "train";
    public static final String TEST = "test";
    private static final long HASH_BUCKETS = 10_000;
    private static final String HASH = "__split_hash";
    private static final String BUCKET = "__split_bucket";
    private static final String QUOTA_LABEL = "__split_quota_label";
    private static final String QUOTA_BUCKET = "__split_quota_bucket";
    private static final String QUOTA_TAKE = "__split_quota_take";

    private FeatureSplits() {}

    /** Rows that can be trained on: an id, an event time (when the data has one) and a label (0 or 1 for a binary task). */
    public static Column trainable(DatasetSpec spec) {
        Column trainable = col(spec.idColumn()).isNotNull().and(col(spec.labelColumn()).isNotNull());
        if (spec.hasTime()) {
            trainable = trainable.and(col(spec.timeColumn()).isNotNull());
        }
        return spec.task() == TaskType.BINARY ? trainable.and(col(spec.labelColumn()).isin(0, 1)) : trainable;
    }

    /** Keeps one row per id: the one ingested last. */
    public static Dataset<Row> latestPerId(Dataset<Row> rows, DatasetSpec spec, String orderColumn) {
        FeatureFrames.requireColumns(rows, spec.idColumn(), orderColumn);
        return rows.withColumn("__rank", row_number().over(Window.partitionBy(spec.idColumn()).orderBy(col(orderColumn).desc())))
                .filter(col("__rank").equalTo(1))
                .drop("__rank");
    }

    /**
     * Marks a seeded random {@code testFraction} of the rows as test, the rest as train: stratified by the label for a
     * binary or multiclass task ({@link #splitStratified}), by the plain id hash for regression ({@link #splitByIdHash}).
     * The same id always lands in the same split for the same data and seed, whatever the partitioning or row order.
     */
    public static Dataset<Row> splitRandomly(Dataset<Row> rows, DatasetSpec spec, double testFraction, long seed) {
        if (spec.task() == TaskType.REGRESSION) {
            return splitByIdHash(rows, spec.idColumn(), testFraction, seed);
        }
        return splitStratified(rows, spec.idColumn(), spec.labelColumn(), testFraction, seed);
    }

    /**
     * Marks about {@code testFraction} of the rows as test, the rest as train, by a seeded hash of the id: the same id
     * always lands in the same split, whatever the partitioning, so a rerun on the same data gives the same split.
     */
    public static Dataset<Row> splitByIdHash(Dataset<Row> rows, String idColumn, double testFraction, long seed) {
        FeatureFrames.requireColumns(rows, idColumn);
        Column bucket = pmod(idHash(idColumn, seed), lit(HASH_BUCKETS));
        return rows.withColumn(SPLIT_COLUMN, when(bucket.lt(lit(Math.round(testFraction * HASH_BUCKETS))), lit(TEST)).otherwise(lit(TRAIN)));
    }

    /**
     * Marks exactly {@code round(testFraction × n)} rows of each label value (n rows) as test, the rest as train
     * (rounding half up). Within a class the rows are ranked by a seeded hash of their id and the first ones are test,
     * so the split depends only on the ids, labels and seed: not on the partitioning or the row order. Ids are expected
     * to be unique (one row per id, as the feature table is).
     *
     * <p>The ranking is done in two steps so that no single task has to sort a whole class: rows are spread over
     * hash buckets, a small table of row counts per class and bucket says how many test rows each bucket gives (all,
     * none, or the rest of the class's quota for the one bucket where the quota runs out), and rows are ranked only
     * within their class and bucket.
     */
    public static Dataset<Row> splitStratified(Dataset<Row> rows, String idColumn, String labelColumn, double testFraction, long seed) {
        FeatureFrames.requireColumns(rows, idColumn, labelColumn);
        Dataset<Row> keyed = rows.withColumn(HASH, idHash(idColumn, seed)).withColumn(BUCKET, pmod(col(HASH), lit(HASH_BUCKETS)));
        Column sameClassAndBucket = col(labelColumn).eqNullSafe(col(QUOTA_LABEL)).and(col(BUCKET).equalTo(col(QUOTA_BUCKET)));
        Column rank = row_number().over(Window.partitionBy(col(labelColumn), col(BUCKET))
                .orderBy(col(HASH), col(idColumn).cast(DataTypes.StringType)));
        return keyed.join(broadcast(testRowsPerBucket(keyed, labelColumn, testFraction)), sameClassAndBucket)
                .withColumn(SPLIT_COLUMN, when(rank.leq(col(QUOTA_TAKE)), lit(TEST)).otherwise(lit(TRAIN)))
                .select(splitColumns(rows));
    }

    /** Marks rows after {@code cutoffEpochSeconds} (event time) as test, the rest as train. */
    public static Dataset<Row> splitByTime(Dataset<Row> rows, DatasetSpec spec, double cutoffEpochSeconds) {
        FeatureFrames.requireColumns(rows, spec.timeColumn());
        Column seconds = col(spec.timeColumn()).cast(DataTypes.DoubleType);
        return rows.withColumn(SPLIT_COLUMN, when(seconds.gt(lit(cutoffEpochSeconds)), lit(TEST)).otherwise(lit(TRAIN)));
    }

    /** Per class and hash bucket: how many of its rows, taken in hash order, are test rows. */
    private static Dataset<Row> testRowsPerBucket(Dataset<Row> keyed, String labelColumn, double testFraction) {
        Dataset<Row> counts = keyed.groupBy(col(labelColumn).as(QUOTA_LABEL), col(BUCKET).as(QUOTA_BUCKET)).count();
        WindowSpec byClass = Window.partitionBy(col(QUOTA_LABEL));
        Column before = coalesce(sum(col("count")).over(byClass.orderBy(col(QUOTA_BUCKET))
                .rowsBetween(Window.unboundedPreceding(), -1)), lit(0L));
        Column quota = round(sum(col("count")).over(byClass).multiply(lit(testFraction)));
        Column take = greatest(lit(0L), least(col("count"), quota.minus(before)));
        return counts.select(col(QUOTA_LABEL), col(QUOTA_BUCKET), take.as(QUOTA_TAKE));
    }

    private static Column idHash(String idColumn, long seed) {
        return xxhash64(lit(seed), col(idColumn).cast(DataTypes.StringType));
    }

    private static Column[] splitColumns(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>();
        for (String name : rows.columns()) {
            if (!name.equals(SPLIT_COLUMN)) {
                columns.add(col("`" + name + "`"));
            }
        }
        columns.add(col(SPLIT_COLUMN));
        return columns.toArray(Column[]::new);
    }
}
