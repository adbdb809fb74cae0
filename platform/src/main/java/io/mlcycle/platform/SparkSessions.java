package io.mlcycle.platform;

import io.mlcycle.common.config.SparkSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession every mlcycle job and query runs in: Delta enabled, partitions sized from config. */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * A session for {@code appName}. Under spark-submit the master given there wins; run directly (tests,
     * IDE) the configured master is used.
     */
    public static SparkSession create(String appName, SparkSettings settings) {
        SparkConf conf = new SparkConf(true);
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.shuffle.partitions", settings.shufflePartitions())
                .config("spark.databricks.delta.snapshotPartitions", settings.deltaSnapshotPartitions())
                .config("spark.sql.session.timeZone", "UTC");
        if (!conf.contains("spark.master")) {
            builder.master(settings.master()).config("spark.ui.enabled", "false");
        }
        return builder.getOrCreate();
    }
}
