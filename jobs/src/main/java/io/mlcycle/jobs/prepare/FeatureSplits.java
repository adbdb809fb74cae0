package io.mlcycle.jobs.prepare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.features.FeatureFrames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/** Pure transformations of the prepare stage: validity, deduplication and the time-based split. */
public final class FeatureSplits {
    public static final String SPLIT_COLUMN = "split";
    public static final String TRAIN = "train";
    public static final String TEST = "test";

    private FeatureSplits() {}

    /** Rows that can be trained on: an id, an event time and a 0/1 label. */
    public static Column trainable(DatasetSpec spec) {
        return col(spec.idColumn()).isNotNull()
                .and(col(spec.timeColumn()).isNotNull())
                .and(col(spec.labelColumn()).isin(0, 1));
    }

    /** Keeps one row per id: the one ingested last. */
    public static Dataset<Row> latestPerId(Dataset<Row> rows, DatasetSpec spec, String orderColumn) {
        FeatureFrames.requireColumns(rows, spec.idColumn(), orderColumn);
        return rows.withColumn("__rank", row_number().over(Window.partitionBy(spec.idColumn()).orderBy(col(orderColumn).desc())))
                .filter(col("__rank").equalTo(1))
                .drop("__rank");
    }

    /** Marks rows after {@code cutoffEpochSeconds} (event time) as test, the rest as train. */
    public static Dataset<Row> splitByTime(Dataset<Row> rows, DatasetSpec spec, double cutoffEpochSeconds) {
        FeatureFrames.requireColumns(rows, spec.timeColumn());
        Column seconds = col(spec.timeColumn()).cast(DataTypes.DoubleType);
        return rows.withColumn(SPLIT_COLUMN, when(seconds.gt(lit(cutoffEpochSeconds)), lit(TEST)).otherwise(lit(TRAIN)));
    }
}
