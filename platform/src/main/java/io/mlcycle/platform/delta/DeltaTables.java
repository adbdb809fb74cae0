package io.mlcycle.platform.delta;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** The few Delta operations mlcycle's jobs use, with the table's version made explicit. */
public final class DeltaTables {
    private DeltaTables() {}

    public static boolean exists(SparkSession spark, String path) {
        return DeltaTable.isDeltaTable(spark, path);
    }

    public static long latestVersion(SparkSession spark, String path) {
        requireExists(spark, path);
        return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
    }

    public static Dataset<Row> read(SparkSession spark, String path, long version) {
        requireExists(spark, path);
        return spark.read().format("delta").option("versionAsOf", version).load(path);
    }

    /**
     * Appends rows and returns the new table version. {@code userMetadata} is stored in the commit
     * (lineage: what the writing job read).
     */
    public static long append(Dataset<Row> rows, String path, String userMetadata) {
        rows.write().format("delta").mode(SaveMode.Append).option("userMetadata", userMetadata).save(path);
        return latestVersion(rows.sparkSession(), path);
    }

    /** Replaces the table's content (history stays readable by version) and returns the new version. */
    public static long overwrite(Dataset<Row> rows, String path, String userMetadata) {
        rows.write().format("delta").mode(SaveMode.Overwrite)
                .option("overwriteSchema", "true")
                .option("userMetadata", userMetadata)
                .save(path);
        return latestVersion(rows.sparkSession(), path);
    }

    /** Replaces the table's content and its partitioning ({@code partitionColumns}) and returns the new version. */
    public static long overwritePartitioned(Dataset<Row> rows, String path, String userMetadata, String... partitionColumns) {
        rows.write().format("delta").mode(SaveMode.Overwrite)
                .partitionBy(partitionColumns)
                .option("overwriteSchema", "true")
                .option("userMetadata", userMetadata)
                .save(path);
        return latestVersion(rows.sparkSession(), path);
    }

    private static void requireExists(SparkSession spark, String path) {
        if (!DeltaTable.isDeltaTable(spark, path)) {
            throw new IllegalStateException("Cannot read Delta table " + path
                    + ": it does not exist yet. Run the job that writes it first (see ./mlcycle --help).");
        }
    }
}
