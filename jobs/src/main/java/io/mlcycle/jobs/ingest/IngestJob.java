package io.mlcycle.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.mlcycle.common.config.IngestSettings;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.delta.DeltaTables;
import io.mlcycle.jobs.delta.Lineage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ingests CSV files from the landing folder into the bronze Delta table, keeping every value as the raw
 * string it was, plus where and when it came from. Files already in bronze are skipped, so a rerun adds
 * nothing and a later run adds only new files. Every run, also one that found nothing new, adds a row to the
 * ingestion log (source, files, rows, the bronze version written). The log row is written after the bronze
 * commit: a crash between the two leaves that run without its log row, never bronze without its data.
 */
public final class IngestJob implements Job {
    public static final String SOURCE_FILE = "_source_file";
    public static final String INGESTED_AT = "_ingested_at";
    public static final String INGEST_RUN = "_ingest_run_id";

    /** The ingestion log: one row per run, also for a run that found nothing new. */
    static final StructType LOG_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("source_type", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("files", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("rows", DataTypes.LongType, false)
            .add("bronze_table", DataTypes.StringType, false)
            .add("bronze_version", DataTypes.LongType, true)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false);

    private final SparkSession spark;
    private final IngestSettings settings;
    private final String bronzeTable;
    private final String logTable;
    private final Progress progress = new Progress("ingest");

    public IngestJob(SparkSession spark, IngestSettings settings, String bronzeTable, String logTable) {
        this.spark = spark;
        this.settings = settings;
        this.bronzeTable = bronzeTable;
        this.logTable = logTable;
    }

    @Override
    public void run() {
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
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
        List<String> newFiles = fresh.select(SOURCE_FILE).distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
        List<String> sources = newFiles.stream().map(file -> "files:" + file).toList();
        Long version = null;
        if (rows > 0) {
            version = DeltaTables.append(fresh, bronzeTable, new Lineage("ingest", runId, List.of(), sources).toJson());
            progress.step("ingested " + rows + " rows from " + newFiles.size() + " new files into " + bronzeTable + " (version " + version + ")");
        } else {
            progress.step("no new files in " + settings.sourceDir() + " (" + known.size() + " already ingested); bronze unchanged");
        }
        fresh.unpersist();
        Row entry = RowFactory.create(runId, "files", settings.sourceDir(), newFiles.toArray(String[]::new), rows, bronzeTable, version,
                Timestamp.from(started), Timestamp.from(Instant.now()));
        // The log row is made from the bronze version just written, so lineage links that version to it.
        List<Lineage.TableVersion> described = version == null ? List.of() : List.of(new Lineage.TableVersion(bronzeTable, version));
        DeltaTables.append(spark.createDataFrame(List.of(entry), LOG_SCHEMA), logTable, new Lineage("ingest", runId, described, sources).toJson());
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
