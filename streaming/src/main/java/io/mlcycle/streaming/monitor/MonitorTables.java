package io.mlcycle.streaming.monitor;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Schemas of the drift monitor's Delta tables (the alerts topic carries the alerts table's columns as JSON). */
public final class MonitorTables {
    /**
     * Drift-counts table, the monitor's restart-safe state: per micro-batch, window, model version, feature and bin, the
     * number of scored rows counted. {@code max_event_time} is the monitor's maximum event time after that batch.
     */
    public static final StructType DRIFT_COUNTS = new StructType()
            .add("window_start", DataTypes.TimestampType, false)
            .add("window_end", DataTypes.TimestampType, false)
            .add("model_name", DataTypes.StringType, false)
            .add("model_version", DataTypes.StringType, false)
            .add("feature", DataTypes.StringType, false)
            .add("bin", DataTypes.IntegerType, false)
            .add("bin_label", DataTypes.StringType, false)
            .add("count", DataTypes.LongType, false)
            .add("batch_id", DataTypes.LongType, false)
            .add("max_event_time", DataTypes.TimestampType, false)
            .add("counted_at", DataTypes.TimestampType, false);

    /** Drift table: one row per evaluated window, feature and model version. */
    public static final StructType DRIFT = new StructType()
            .add("window_start", DataTypes.TimestampType, false)
            .add("window_end", DataTypes.TimestampType, false)
            .add("model_name", DataTypes.StringType, false)
            .add("model_version", DataTypes.StringType, false)
            .add("feature", DataTypes.StringType, false)
            .add("statistic", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("threshold", DataTypes.DoubleType, false)
            .add("drifted", DataTypes.BooleanType, false)
            .add("events", DataTypes.LongType, false)
            .add("evaluated_at", DataTypes.TimestampType, false)
            .add("batch_id", DataTypes.LongType, false);

    /** Alerts table and the JSON of the alerts topic: one per feature whose PSI in a window is above the threshold. */
    public static final StructType ALERTS = new StructType()
            .add("feature", DataTypes.StringType, false)
            .add("statistic", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("threshold", DataTypes.DoubleType, false)
            .add("window_start", DataTypes.TimestampType, false)
            .add("window_end", DataTypes.TimestampType, false)
            .add("model_name", DataTypes.StringType, false)
            .add("model_version", DataTypes.StringType, false)
            .add("raised_at", DataTypes.TimestampType, false);

    public static final String PSI = "psi";

    private MonitorTables() {}
}
