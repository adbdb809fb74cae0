package io.mlcycle.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.mlcycle.common.config.IngestSettings;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.delta.DeltaTables;
import io.mlcycle.jobs.delta.Lineage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Ingests CSV files from the landing folder into the bronze Delta table, keeping every value as the raw
 * string it was, plus where and when it came from. Files already in bronze are skipped, so a rerun adds
 * nothing and a later run adds only new files.
 */
public final class IngestJob implements Job {
    public static final String SOURCE_FILE = "_source_file";
    public static final String INGESTED_AT = "_ingested_at";
    public static final String INGEST_RUN = "_ingest_run_id";

    private final SparkSession spark;
    private final IngestSettings settings;
    private final String bronzeTable;
    private final Progress progress = new Progress("ingest");

    public IngestJob(SparkSession spark, IngestSettings settings, String bronzeTable) {
        this.spark = spark;
        this.settings = settings;
        this.bronzeTable = bronzeTable;
    }

    @Override
    public void run() {
        String runId = UUID.randomUUID().toString();
        Dataset<Row> files = spark.read()
                .option("header", "true")
                .option("inferSchema", "false")
                .option("nullValue", settings.nullValue())
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.csv")
                .csv(settings.sourceDir())
                .withColumn(SOURCE_FILE, col("_metadata.file_path"));
        Set<String> known = alreadyIngested();
        Dataset<Row> fresh = files.filter(col(SOURCE_FILE).isin(known.toArray()).unary_$bang())
                .withColumn(INGESTED_AT, current_timestamp())
                .withColumn(INGEST_RUN, lit(runId))
                .cache();
        long rows = fresh.count();
        if (rows == 0) {
            progress.step("no new files in " + settings.sourceDir() + " (" + known.size() + " already ingested); bronze unchanged");
            fresh.unpersist();
            return;
        }
        long newFiles = fresh.select(SOURCE_FILE).distinct().count();
        long version = DeltaTables.append(fresh, bronzeTable, new Lineage("ingest", runId, List.of()).toJson());
        fresh.unpersist();
        progress.step("ingested " + rows + " rows from " + newFiles + " new files into " + bronzeTable + " (version " + version + ")");
    }

    private Set<String> alreadyIngested() {
        if (!DeltaTables.exists(spark, bronzeTable)) {
            return Set.of();
        }
        Set<String> files = new HashSet<>();
        for (Row row : spark.read().format("delta").load(bronzeTable).select(SOURCE_FILE).distinct().collectAsList()) {
            files.add(row.getString(0));
        }
        return files;
    }
}
