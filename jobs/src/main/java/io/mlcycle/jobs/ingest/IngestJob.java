package io.mlcycle.jobs.ingest;

import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.source.FileSource;
import io.mlcycle.common.dataset.source.JdbcSource;
import io.mlcycle.common.dataset.source.KafkaSource;
import io.mlcycle.common.dataset.source.SourceSpec;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.ingest.jdbc.JdbcIngester;
import io.mlcycle.platform.delta.Lineage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ingests every source of the dataset (or the one asked for) into its own bronze table, {@code <bronze-dir>/<source>},
 * through the source kind's {@link SourceIngester}: only what is new since the last run is read, so a rerun adds
 * nothing. Every run adds one row per source to the ingestion log, also when nothing new was found. The log row is
 * written after the source's bronze commit: a crash between the two leaves that run without its log row, never bronze
 * without its data, and the rerun finds nothing new (bronze itself says what was read).
 */
public final class IngestJob implements Job {
    /** The ingestion log: one row per source per run, also for a run that found nothing new. */
    static final StructType LOG_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, false)
            .add("source_type", DataTypes.StringType, false)
            .add("description", DataTypes.StringType, false)
            .add("files", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("offsets", DataTypes.StringType, false)
            .add("watermark", DataTypes.StringType, false)
            .add("rows", DataTypes.LongType, false)
            .add("bronze_table", DataTypes.StringType, false)
            .add("bronze_version", DataTypes.LongType, true)
            .add("warnings", DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add("started_at", DataTypes.TimestampType, false)
            .add("finished_at", DataTypes.TimestampType, false);

    private final SparkSession spark;
    private final List<SourceSpec> sources;
    private final LakeSettings lake;
    private final Function<SourceSpec, SourceIngester> ingesters;
    private final IngestHook hook;
    private final Progress progress = new Progress("ingest");

    /** Ingests every source of {@code dataset}, or only the one named {@code onlySource} when it is not empty. */
    public IngestJob(SparkSession spark, DatasetSpec dataset, LakeSettings lake, String onlySource) {
        this(spark, dataset, lake, onlySource, source -> ingester(source, dataset, IngestHook.NONE), IngestHook.NONE);
    }

    public IngestJob(SparkSession spark, DatasetSpec dataset, LakeSettings lake, String onlySource, Function<SourceSpec, SourceIngester> ingesters,
            IngestHook hook) {
        this.spark = spark;
        this.sources = selected(dataset, onlySource);
        this.lake = lake;
        this.ingesters = ingesters;
        this.hook = hook;
    }

    /** The ingester of a source's kind. */
    public static SourceIngester ingester(SourceSpec source, DatasetSpec dataset, IngestHook hook) {
        List<String> columns = dataset.schema().stream().map(ColumnSpec::name).toList();
        return switch (source.type()) {
            case FILES -> new FileIngester((FileSource) source, columns, hook);
            case KAFKA -> new KafkaIngester((KafkaSource) source, columns, hook);
            case JDBC -> new JdbcIngester((JdbcSource) source);
        };
    }

    @Override
    public void run() {
        String runId = UUID.randomUUID().toString();
        progress.step("run " + runId + ": " + sources.size() + " source(s) " + sources.stream().map(SourceSpec::name).toList());
        for (SourceSpec source : sources) {
            ingest(source, runId);
        }
    }

    private void ingest(SourceSpec source, String runId) {
        String bronzeTable = lake.bronzeTable(source.name());
        Instant started = Instant.now();
        IngestResult result = ingesters.apply(source).ingest(spark, bronzeTable, runId);
        result.warnings().forEach(warning -> progress.step("WARNING " + source.name() + ": " + warning));
        progress.step(result.bronzeVersion() == null
                ? source.name() + ": nothing new in " + result.description() + "; " + bronzeTable + " unchanged"
                : source.name() + ": " + result.rows() + " rows" + read(result) + " into " + bronzeTable + " (version " + result.bronzeVersion() + ")");
        hook.beforeLogRow(source.name());
        appendLogRow(result, runId, bronzeTable, started);
    }

    private static String read(IngestResult result) {
        if (!result.files().isEmpty()) {
            return " from " + result.files().size() + " new file(s)";
        }
        return result.offsets().isEmpty() ? (result.watermark().isEmpty() ? "" : " in " + result.watermark()) : " at offsets " + result.offsets();
    }

    private void appendLogRow(IngestResult result, String runId, String bronzeTable, Instant started) {
        Row row = RowFactory.create(runId, result.sourceName(), result.sourceType(), result.description(), result.files().toArray(String[]::new),
                result.offsets(), result.watermark(), result.rows(), bronzeTable, result.bronzeVersion(), result.warnings().toArray(String[]::new),
                Timestamp.from(started), Timestamp.from(Instant.now()));
        // The log row describes the bronze version just written, so lineage links that version to it.
        List<Lineage.TableVersion> described = result.bronzeVersion() == null ? List.of()
                : List.of(new Lineage.TableVersion(bronzeTable, result.bronzeVersion()));
        spark.createDataFrame(List.of(row), LOG_SCHEMA).write().format("delta").mode(SaveMode.Append)
                .option("userMetadata", new Lineage("ingest", runId, described).toJson())
                .save(lake.ingestionLogTable());
    }

    private static List<SourceSpec> selected(DatasetSpec dataset, String onlySource) {
        List<String> names = dataset.sources().stream().map(SourceSpec::name).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("Cannot ingest: mlcycle.dataset.sources is empty. Add a source, e.g."
                    + " { name = \"applications\", type = \"files\", format = \"csv\", path = \"landing/applications\" }.");
        }
        if (onlySource.isEmpty()) {
            return dataset.sources();
        }
        if (!names.contains(onlySource)) {
            throw new IllegalArgumentException("Cannot ingest source '" + onlySource + "': mlcycle.dataset.sources has no source of that name."
                    + " Sources: " + names);
        }
        return dataset.sources().stream().filter(source -> source.name().equals(onlySource)).toList();
    }
}
