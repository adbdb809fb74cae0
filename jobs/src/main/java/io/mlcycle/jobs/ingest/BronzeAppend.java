package io.mlcycle.jobs.ingest;

import io.mlcycle.platform.delta.Lineage;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Appends one ingest run's rows to a bronze table in one Delta commit and reads back what that commit wrote (its
 * version and row count, from the commit's own metrics: the source is read once, not once to count and once to write).
 */
record BronzeAppend(long version, long rows) {
    /** {@code sources}: what was read, for lineage, e.g. {@code files:<path>} or {@code kafka:<topic>/partition 0 offsets 10-19}. */
    static BronzeAppend write(Dataset<Row> rows, String bronzeTable, String runId, List<String> sources) {
        rows.write().format("delta").mode(SaveMode.Append)
                .option("userMetadata", new Lineage("ingest", runId, List.of(), sources).toJson())
                .save(bronzeTable);
        Row commit = io.delta.tables.DeltaTable.forPath(rows.sparkSession(), bronzeTable).history(1)
                .select("version", "operationMetrics").head();
        Map<String, String> metrics = commit.getJavaMap(1);
        return new BronzeAppend(commit.getLong(0), Long.parseLong(metrics.getOrDefault("numOutputRows", "0")));
    }

    static boolean exists(SparkSession spark, String bronzeTable) {
        return io.delta.tables.DeltaTable.isDeltaTable(spark, bronzeTable);
    }
}
