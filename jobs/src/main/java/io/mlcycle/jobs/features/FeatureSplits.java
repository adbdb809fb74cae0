package io.mlcycle.jobs.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/** Pure transformations of the features stage: validity, deduplication, and the time-based or seeded random split. */
public final class FeatureSplits {
    public static final String SPLIT_COLUMN = "split";
    public static final String TRAIN = "train";
    public static final String TEST = "test";
    private static final long HASH_BUCKETS = 10_000;

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
     * Marks about {@code testFraction} of the rows as test, the rest as train, by a seeded hash of the id: the same id
     * always lands in the same split, whatever the partitioning, so a rerun on the same data gives the same split.
     */
    public static Dataset<Row> splitRandomly(Dataset<Row> rows, DatasetSpec spec, double testFraction, long seed) {
        FeatureFrames.requireColumns(rows, spec.idColumn());
        Column bucket = pmod(xxhash64(lit(seed), col(spec.idColumn()).cast(DataTypes.StringType)), lit(HASH_BUCKETS));
        return rows.withColumn(SPLIT_COLUMN, when(bucket.lt(lit(Math.round(testFraction * HASH_BUCKETS))), lit(TEST)).otherwise(lit(TRAIN)));
    }

    /** Marks rows after {@code cutoffEpochSeconds} (event time) as test, the rest as train. */
    public static Dataset<Row> splitByTime(Dataset<Row> rows, DatasetSpec spec, double cutoffEpochSeconds) {
        FeatureFrames.requireColumns(rows, spec.timeColumn());
        Column seconds = col(spec.timeColumn()).cast(DataTypes.DoubleType);
        return rows.withColumn(SPLIT_COLUMN, when(seconds.gt(lit(cutoffEpochSeconds)), lit(TEST)).otherwise(lit(TRAIN)));
    }
}
