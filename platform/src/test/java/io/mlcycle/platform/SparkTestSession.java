package io.mlcycle.platform;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One local Spark session per test class: 2 cores, no UI, few partitions, Delta enabled. */
public final class SparkTestSession {
    private SparkTestSession() {}

    public static SparkSession start(Class<?> testClass) {
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "spark-" + testClass.getSimpleName());
        return SparkSession.builder()
                .appName(testClass.getSimpleName())
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.local.dir", scratch.toString())
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }
}
