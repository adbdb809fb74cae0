package io.mlcycle.jobs.ingest.jdbc;

import static io.mlcycle.jobs.ingest.BronzeColumns.CORRUPT_RECORD;
import static io.mlcycle.jobs.ingest.BronzeColumns.INGESTED_AT;
import static io.mlcycle.jobs.ingest.BronzeColumns.INGEST_RUN;
import static io.mlcycle.jobs.ingest.BronzeColumns.ORIGIN;
import static io.mlcycle.jobs.ingest.BronzeColumns.SOURCE;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.mlcycle.common.dataset.source.JdbcSource;
import io.mlcycle.jobs.ingest.BronzeColumns;
import io.mlcycle.jobs.ingest.IngestResult;
import io.mlcycle.jobs.ingest.SourceIngester;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.jdbc.JdbcDialects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests a database table or query over JDBC (Spark's JDBC reader) into the source's bronze table. Columns keep the
 * types the database delivers (as Spark maps them), next to the {@link BronzeColumns} metadata; {@code _origin} is the
 * URL without credentials followed by "/" and the relation read.
 *
 * <p>With a {@code watermark-column} the source is incremental. The last watermark is the largest value of that
 * column already in bronze, so it is committed in the same Delta transaction as the rows. A run first asks the
 * database for the current largest watermark, then reads the rows with {@code last < watermark <= that value}; both
 * comparisons are pushed down to the database (they show as PushedFilters in the plan). Rows committed while the run
 * reads, with larger watermarks, wait for the next run instead of being half read. The limitation of any "greater
 * than" watermark: a row that appears later with a watermark at or below the last one ingested (a long transaction
 * that commits late, a clock set back, an update that does not touch the column) is never read, and rows whose
 * watermark is NULL are never read. Use a column the database maintains on every insert and update (a sequence, or
 * an updated_at set by a trigger at commit time).
 *
 * <p>Without a watermark the source is a snapshot source: each run reads it in full and compares its digest (row
 * count and order-independent row hashes) with the digest of what bronze holds. Equal: nothing is written. Different:
 * bronze is replaced by the new snapshot in one Delta commit (earlier snapshots stay readable by version until VACUUM).
 * An unchanged source is read once per run; a changed one twice (digest, then write).
 *
 * <p>The password goes to the JDBC driver only; it is never logged, and failures become a {@link JdbcSourceException}
 * whose message and cause never contain it.
 */
public final class JdbcIngester implements SourceIngester {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcIngester.class);

    private final JdbcSource source;
    private final String location;
    private final String origin;

    public JdbcIngester(JdbcSource source) {
        this.source = requireNonNull(source, "source is null");
        this.location = JdbcUrls.withoutCredentials(source.url());
        this.origin = location + "/" + source.relation();
    }

    @Override
    public IngestResult ingest(SparkSession spark, String bronzeTable, String runId) {
        try {
            return source.incremental() ? ingestIncrement(spark, bronzeTable, runId) : ingestSnapshot(spark, bronzeTable, runId);
        } catch (Exception e) { // Spark's AnalysisException and SparkException are checked exceptions thrown undeclared
            JdbcSourceException database = translate(e);
            if (database != null) {
                throw database;
            }
            throw e;
        }
    }

    /** The relation with its partitioning options, as Spark reads it; nothing is read until an action runs. */
    Dataset<Row> rows(SparkSession spark) {
        DataFrameReader reader = reader(spark, source.relation());
        if (source.partitioned()) {
            reader.option("partitionColumn", source.partitionColumn())
                    .option("lowerBound", source.lowerBound())
                    .option("upperBound", source.upperBound())
                    .option("numPartitions", source.numPartitions());
        }
        return reader.load();
    }

    /** The rows whose watermark lies in {@code range}; the comparisons are pushed down to the database. */
    Dataset<Row> rowsIn(SparkSession spark, WatermarkRange range) {
        Dataset<Row> rows = rows(spark);
        DataType type = rows.schema().apply(source.watermarkColumn()).dataType();
        Column watermark = column(source.watermarkColumn());
        // Cast to the column's own type so that the comparison stays a plain column-to-literal one Spark can push down.
        Column condition = watermark.leq(lit(range.upTo()).cast(type));
        if (range.after() != null) {
            condition = watermark.gt(lit(range.after()).cast(type)).and(condition);
        }
        return rows.filter(condition);
    }

    /** The range the next run would read: above the largest watermark in bronze, up to the largest in the source now. */
    WatermarkRange nextRange(SparkSession spark, String bronzeTable) {
        Object last = null;
        if (DeltaTables.exists(spark, bronzeTable)) {
            Row row = spark.read().format("delta").load(bronzeTable).agg(max(column(source.watermarkColumn()))).head();
            last = row.isNullAt(0) ? null : row.get(0);
        }
        String quoted = JdbcDialects.get(source.url()).quoteIdentifier(source.watermarkColumn());
        String highest = "(SELECT MAX(" + quoted + ") AS " + quoted + " FROM " + source.relation() + ") mlcycle_watermark";
        Row row = reader(spark, highest).load().head();
        return new WatermarkRange(last, row.isNullAt(0) ? null : row.get(0));
    }

    private IngestResult ingestIncrement(SparkSession spark, String bronzeTable, String runId) {
        WatermarkRange range = nextRange(spark, bronzeTable);
        if (range.isEmpty()) {
            LOG.info("Source '{}': no rows with {} in {}; bronze unchanged", source.name(), source.watermarkColumn(), range.text());
            return result(range.text(), 0, null);
        }
        long version = DeltaTables.append(withMetadata(rowsIn(spark, range), runId), bronzeTable, lineage(runId));
        long rows = rowsWritten(spark, bronzeTable, version, runId);
        LOG.info("Source '{}': {} rows with {} in {} appended to {} (version {})", source.name(), rows, source.watermarkColumn(),
                range.text(), bronzeTable, version);
        return result(range.text(), rows, version);
    }

    private IngestResult ingestSnapshot(SparkSession spark, String bronzeTable, String runId) {
        Dataset<Row> rows = rows(spark);
        SnapshotDigest current = SnapshotDigest.of(rows);
        if (sameAsBronze(spark, bronzeTable, current)) {
            LOG.info("Source '{}': same {} rows as bronze holds; bronze unchanged", source.name(), current.rows());
            return result("", 0, null);
        }
        long version = DeltaTables.overwrite(withMetadata(rows, runId), bronzeTable, lineage(runId));
        long written = rowsWritten(spark, bronzeTable, version, runId);
        LOG.info("Source '{}': snapshot of {} rows replaced {} (version {})", source.name(), written, bronzeTable, version);
        return result("", written, version);
    }

    private DataFrameReader reader(SparkSession spark, String dbtable) {
        DataFrameReader reader = spark.read().format("jdbc")
                .option("url", source.url())
                .option("dbtable", dbtable)
                .option("fetchsize", source.fetchSize());
        if (!source.user().isEmpty()) {
            reader.option("user", source.user());
        }
        if (!source.password().isEmpty()) {
            reader.option("password", source.password().reveal());
        }
        return reader;
    }

    private Dataset<Row> withMetadata(Dataset<Row> rows, String runId) {
        List<String> clashes = Arrays.stream(rows.columns()).filter(BronzeColumns.ALL::contains).toList();
        if (!clashes.isEmpty()) {
            throw new JdbcSourceException(JdbcErrorCategory.REJECTED, "Cannot ingest source '" + source.name() + "' (" + origin
                    + "): its columns " + clashes + " have the names of bronze metadata columns. Rename them in the source's query.", null);
        }
        return rows.withColumn(SOURCE, lit(source.name()))
                .withColumn(ORIGIN, lit(origin))
                .withColumn(INGESTED_AT, current_timestamp())
                .withColumn(INGEST_RUN, lit(runId))
                .withColumn(CORRUPT_RECORD, lit(null).cast(DataTypes.StringType));
    }

    private static boolean sameAsBronze(SparkSession spark, String bronzeTable, SnapshotDigest snapshot) {
        if (!DeltaTables.exists(spark, bronzeTable)) {
            return snapshot.rows() == 0; // an empty first snapshot: nothing to write yet
        }
        Dataset<Row> bronze = spark.read().format("delta").load(bronzeTable).drop(BronzeColumns.ALL.toArray(String[]::new));
        return snapshot.equals(SnapshotDigest.of(bronze));
    }

    private static long rowsWritten(SparkSession spark, String bronzeTable, long version, String runId) {
        return DeltaTables.read(spark, bronzeTable, version).filter(col(INGEST_RUN).equalTo(runId)).count();
    }

    private static String lineage(String runId) {
        return new Lineage("ingest", runId, List.of()).toJson();
    }

    private IngestResult result(String watermark, long rows, Long version) {
        return new IngestResult(source.name(), "jdbc", origin, List.of(), "", watermark, rows, version);
    }

    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** A database failure as a {@link JdbcSourceException}, or null for anything else (Delta, Spark). */
    private JdbcSourceException translate(Exception failure) {
        if (failure instanceof JdbcSourceException known) {
            return known;
        }
        SQLException database = databaseCause(failure);
        if (database == null) {
            return null;
        }
        JdbcErrorCategory category = JdbcErrorCategory.ofSqlState(database.getSQLState());
        String reported = withoutPassword(String.valueOf(database.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("\\.$", ""));
        String message = "Cannot read source '" + source.name() + "' (" + location + "): " + reported + ". " + category.advice();
        return new JdbcSourceException(category, message, mentionsPassword(failure) ? null : failure);
    }

    private static SQLException databaseCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private boolean mentionsPassword(Throwable failure) {
        String password = source.password().reveal();
        for (Throwable cause = failure; cause != null && !password.isEmpty(); cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains(password) || cause.toString().contains(password)) {
                return true;
            }
        }
        return false;
    }

    private String withoutPassword(String text) {
        String password = source.password().reveal();
        return password.isEmpty() ? text : text.replace(password, source.password().toString());
    }
}
