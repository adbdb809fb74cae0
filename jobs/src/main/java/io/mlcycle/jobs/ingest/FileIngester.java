package io.mlcycle.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.mlcycle.common.dataset.source.FileSource;
import io.mlcycle.jobs.ingest.SourceFiles.FileVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ingests the new files of a file source into its bronze table. CSV and JSON lines are read with every column as
 * text (the dataset schema's columns; silver casts them), in PERMISSIVE mode: a line that does not split into the
 * expected columns (wrong column count, invalid JSON) is kept with its raw text in {@code _corrupt_record}, never
 * dropped. Parquet keeps its own column types.
 *
 * <p>A file counts as ingested when bronze holds rows of it with the same path, size and modification time: a rerun
 * adds nothing, a new file is read alone, and a file rewritten in place (same name, new content) is read again in full
 * (its earlier rows stay in bronze; silver keeps the latest row per id). A file without any row (empty, or a header
 * only) leaves nothing in bronze and is looked at again by every run.
 */
public final class FileIngester implements SourceIngester {
    private final FileSource source;
    private final List<String> columns;
    private final IngestHook hook;

    /** {@code columns}: the dataset schema's column names, in schema order (a header-less CSV has them in this order). */
    public FileIngester(FileSource source, List<String> columns) {
        this(source, columns, IngestHook.NONE);
    }

    public FileIngester(FileSource source, List<String> columns, IngestHook hook) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.hook = hook;
    }

    @Override
    public IngestResult ingest(SparkSession spark, String bronzeTable, String runId) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Set<FileVersion> ingested = ingestedFiles(spark, bronzeTable);
        List<FileStatus> fresh = SourceFiles.list(source.path(), hadoop).stream()
                .filter(file -> !ingested.contains(FileVersion.of(file)))
                .toList();
        List<String> paths = fresh.stream().map(SourceFiles::key).toList();
        List<String> warnings = new ArrayList<>();
        Dataset<Row> rows = fresh.isEmpty() ? null : read(spark, fresh, hadoop, warnings);
        if (rows == null) {
            return result(paths, 0, null, warnings);
        }
        hook.beforeBronzeCommit(source.name());
        BronzeAppend written = BronzeAppend.write(withMetadata(rows, runId), bronzeTable, runId,
                paths.stream().map(path -> "files:" + path).toList());
        return result(paths, written.rows(), written.version(), warnings);
    }

    private IngestResult result(List<String> files, long rows, Long version, List<String> warnings) {
        return new IngestResult(source.name(), "files", source.format().name().toLowerCase() + " " + source.path(), files, "", "", rows, version,
                warnings);
    }

    /** The file versions bronze holds rows of (written in the same commits as those rows). */
    private static Set<FileVersion> ingestedFiles(SparkSession spark, String bronzeTable) {
        if (!BronzeAppend.exists(spark, bronzeTable)) {
            return Set.of();
        }
        Set<FileVersion> files = new HashSet<>();
        for (Row row : spark.read().format("delta").load(bronzeTable)
                .select(BronzeColumns.ORIGIN, BronzeColumns.FILE_SIZE, BronzeColumns.FILE_MODIFIED_AT).distinct().collectAsList()) {
            files.add(new FileVersion(row.getString(0), row.getLong(1), row.getTimestamp(2).getTime()));
        }
        return files;
    }

    /** The files' rows, or null when none of them has a line to read (only empty CSV files). */
    private Dataset<Row> read(SparkSession spark, List<FileStatus> files, Configuration hadoop, List<String> warnings) {
        String[] paths = files.stream().map(file -> file.getPath().toString()).toArray(String[]::new);
        return switch (source.format()) {
            case PARQUET -> withFileColumns(spark.read().parquet(paths)).withColumn(BronzeColumns.CORRUPT_RECORD, lit(null).cast(DataTypes.StringType));
            case JSON -> withFileColumns(spark.read().options(permissive()).option("encoding", source.encoding()).schema(textSchema(columns)).json(paths));
            case CSV -> source.header() ? readCsvWithHeaders(spark, files, hadoop, warnings) : withFileColumns(csvReader(spark, columns).csv(paths));
        };
    }

    /**
     * Files are grouped by their header line, and each group is read with its header's column order: the header names
     * the columns, whatever their order. Dataset columns a header lacks are null; columns the dataset does not have are
     * not ingested (both named in a warning).
     */
    private Dataset<Row> readCsvWithHeaders(SparkSession spark, List<FileStatus> files, Configuration hadoop, List<String> warnings) {
        Map<List<String>, List<String>> pathsByHeader = new LinkedHashMap<>();
        for (FileStatus file : files) {
            List<String> header = header(file, hadoop);
            if (header != null) {
                pathsByHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(file.getPath().toString());
            }
        }
        Dataset<Row> all = null;
        for (Map.Entry<List<String>, List<String>> group : pathsByHeader.entrySet()) {
            warnAboutColumns(group.getKey(), group.getValue(), warnings);
            Dataset<Row> rows = withFileColumns(csvReader(spark, group.getKey()).csv(group.getValue().toArray(String[]::new)))
                    .select(datasetColumns(group.getKey()));
            all = all == null ? rows : all.unionByName(rows);
        }
        return all;
    }

    private DataFrameReader csvReader(SparkSession spark, List<String> fileColumns) {
        return spark.read().options(permissive())
                .option("header", source.header())
                .option("enforceSchema", true)
                .option("sep", source.delimiter())
                .option("quote", source.quote())
                .option("escape", source.escape())
                .option("nullValue", source.nullValue())
                .option("encoding", source.encoding())
                .schema(textSchema(fileColumns));
    }

    private Column[] datasetColumns(List<String> fileColumns) {
        List<Column> selected = new ArrayList<>();
        for (String column : columns) {
            selected.add(fileColumns.contains(column) ? col(column) : lit(null).cast(DataTypes.StringType).as(column));
        }
        selected.add(col(BronzeColumns.CORRUPT_RECORD));
        selected.add(col(BronzeColumns.ORIGIN));
        BronzeColumns.FILE.forEach(column -> selected.add(col(column)));
        return selected.toArray(Column[]::new);
    }

    private void warnAboutColumns(List<String> header, List<String> paths, List<String> warnings) {
        List<String> missing = columns.stream().filter(c -> !header.contains(c)).toList();
        List<String> extra = header.stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty() || !extra.isEmpty()) {
            warnings.add(paths.size() + " file(s) of source '" + source.name() + "' (e.g. " + paths.get(0) + ") have a header without the dataset"
                    + " columns " + missing + " (null in bronze) and with columns " + extra + " the dataset does not have (not ingested)");
        }
    }

    /** The first line of a CSV file split into column names, or null for an empty file. */
    private List<String> header(FileStatus file, Configuration hadoop) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                file.getPath().getFileSystem(hadoop).open(file.getPath()), Charset.forName(source.encoding())))) {
            String line = reader.readLine();
            if (line == null) {
                return null;
            }
            CsvParserSettings settings = new CsvParserSettings();
            settings.getFormat().setDelimiter(source.delimiter());
            if (!source.quote().isEmpty()) {
                settings.getFormat().setQuote(source.quote().charAt(0));
            }
            settings.getFormat().setQuoteEscape(source.escape().isEmpty() ? '\\' : source.escape().charAt(0));
            String[] names = new CsvParser(settings).parseLine(line.startsWith("\uFEFF") ? line.substring(1) : line);
            return List.of(names).stream().map(name -> name == null ? "" : name.trim()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the header of " + file.getPath() + ": " + e.getMessage(), e);
        }
    }

    /** Where each row came from; taken right after the read, where Spark's hidden {@code _metadata} column resolves. */
    private static Dataset<Row> withFileColumns(Dataset<Row> read) {
        return read
                .withColumn(BronzeColumns.ORIGIN, col("_metadata.file_path"))
                .withColumn(BronzeColumns.FILE_SIZE, col("_metadata.file_size"))
                .withColumn(BronzeColumns.FILE_MODIFIED_AT, col("_metadata.file_modification_time"));
    }

    private Dataset<Row> withMetadata(Dataset<Row> rows, String runId) {
        return rows
                .withColumn(BronzeColumns.SOURCE, lit(source.name()))
                .withColumn(BronzeColumns.INGESTED_AT, current_timestamp())
                .withColumn(BronzeColumns.INGEST_RUN, lit(runId));
    }

    private static Map<String, String> permissive() {
        return Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", BronzeColumns.CORRUPT_RECORD);
    }

    /** Every column as text, plus the corrupt-record column PERMISSIVE mode fills. */
    static StructType textSchema(List<String> columns) {
        StructType schema = new StructType();
        for (String column : columns) {
            schema = schema.add(column, DataTypes.StringType, true);
        }
        return schema.add(BronzeColumns.CORRUPT_RECORD, DataTypes.StringType, true);
    }
}
