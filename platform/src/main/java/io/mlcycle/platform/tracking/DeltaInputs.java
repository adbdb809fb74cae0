package io.mlcycle.platform.tracking;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.io.DatasetInput;
import io.mlcycle.platform.delta.DeltaTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@link DatasetInput} of one Delta table version, or of the rows of it a filter selects (a split of a feature
 * table), in the form MLflow's Python writes for a Delta table ({@code mlflow.data.delta_dataset_source}): source type
 * {@value #SOURCE_TYPE}, source {@code {"path": ..., "delta_table_version": ...}}, a column-spec schema and a profile.
 *
 * <p>Two additions to MLflow's source: {@code delta_table_version} is written for version 0 too (MLflow's Python
 * leaves it out there), and a filtered read adds {@code "filter": "<predicate>"} (MLflow reads a source with extra
 * keys and ignores them).
 *
 * <p>The digest identifies what was read without hashing every row: a SHA-256 (first {@value #DIGEST_HEX_CHARS} hex
 * characters) of the schema, the filter, and for every data file that holds a selected row its path relative to the
 * table, its size and how many selected rows it holds. The same version and filter give the same digest; a commit that
 * adds, removes, rewrites or deletes rows (deletion vectors included) changes it, and so does a different filter, so
 * two splits of one version differ. A commit that only rewrites files (OPTIMIZE) changes it as well although the rows
 * are the same: the files are what the digest sees.
 */
public final class DeltaInputs {
    /** MLflow's source type for Delta tables, which its UI knows. */
    public static final String SOURCE_TYPE = "delta_table";
    static final int DIGEST_HEX_CHARS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeltaInputs() {}

    /** All rows of {@code table} (a Delta table path) at {@code version}. */
    public static DatasetInput of(SparkSession spark, String table, long version, DatasetInput.Context context) {
        return of(spark, table, version, context, "");
    }

    /**
     * The rows of {@code table} at {@code version} that {@code filter}, a Spark SQL predicate such as
     * {@code split = 'train'}, selects; an empty filter selects all rows. Counts the selected rows per data file in one
     * Spark job that selects only Spark's file metadata columns ({@code _metadata.file_path}, {@code _metadata.file_size}).
     */
    public static DatasetInput of(SparkSession spark, String table, long version, DatasetInput.Context context, String filter) {
        requireNonNull(context, "context is null");
        requireNonNull(filter, "filter is null");
        Path root = qualified(spark, requireNonNull(table, "table is null"));
        Dataset<Row> rows = select(DeltaTables.read(spark, table, version), filter, table, version);
        List<FileRows> files = files(rows, root.toUri().getRawPath());
        String schema = json(MlflowSchemas.colspec(rows.schema()));
        long rowCount = files.stream().mapToLong(FileRows::rows).sum();
        return new DatasetInput(
                root.getName(),
                digest(schema, filter, files),
                SOURCE_TYPE,
                json(source(root.toString(), version, filter)),
                schema,
                json(Map.of("num_rows", rowCount)),
                context);
    }

    /** One data file of the version with the number of selected rows in it. */
    record FileRows(String path, long size, long rows) {}

    private static Dataset<Row> select(Dataset<Row> rows, String filter, String table, long version) {
        if (filter.isBlank()) {
            return rows;
        }
        try {
            return rows.where(filter);
        } catch (Exception e) {
            // Scala's AnalysisException (a ParseException too) is checked in Java but not declared.
            if (e instanceof AnalysisException) {
                throw new IllegalArgumentException("Cannot select rows of Delta table " + table + " version " + version
                        + " with filter '" + filter + "': " + e.getMessage() + ". Write a Spark SQL predicate over its columns, such as split = 'train'.", e);
            }
            throw e;
        }
    }

    /** Spark's per-row file metadata: only files that hold a selected row appear, whatever the scan could prune. */
    private static List<FileRows> files(Dataset<Row> rows, String rootPath) {
        List<Row> counts = rows.select(col("_metadata.file_path").as("path"), col("_metadata.file_size").as("size"))
                .groupBy("path", "size").count()
                .collectAsList();
        String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        return counts.stream()
                .map(row -> new FileRows(relative(row.getString(0), prefix), row.getLong(1), row.getLong(2)))
                .sorted(Comparator.comparing(FileRows::path))
                .toList();
    }

    /**
     * Relative to the table and URL-encoded as in the Delta log, so that the digest survives moving the table; a file
     * elsewhere keeps its full URI. Spark gives {@code _metadata.file_path} as an encoded URI.
     */
    private static String relative(String fileUri, String tablePrefix) {
        String rawPath = URI.create(fileUri).getRawPath();
        return rawPath != null && rawPath.startsWith(tablePrefix) ? rawPath.substring(tablePrefix.length()) : fileUri;
    }

    static String digest(String schema, String filter, List<FileRows> files) {
        StringBuilder text = new StringBuilder();
        text.append("schema\t").append(schema).append('\n');
        text.append("filter\t").append(filter.strip()).append('\n');
        for (FileRows file : files) {
            text.append(file.path()).append('\t').append(file.size()).append('\t').append(file.rows()).append('\n');
        }
        return sha256Hex(text.toString()).substring(0, DIGEST_HEX_CHARS);
    }

    private static Map<String, Object> source(String root, long version, String filter) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("path", root);
        source.put("delta_table_version", version);
        if (!filter.isBlank()) {
            source.put("filter", filter.strip());
        }
        return source;
    }

    private static Path qualified(SparkSession spark, String table) {
        Path path = new Path(table);
        try {
            return path.getFileSystem(spark.sessionState().newHadoopConf()).makeQualified(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve the file system of Delta table " + table, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e);
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash: this JVM has no SHA-256", e);
        }
    }
}
