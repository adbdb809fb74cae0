package io.mlcycle.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.source.SourceSpec;
import io.mlcycle.common.quality.QualityFrames;
import io.mlcycle.common.quality.QualityReport;
import io.mlcycle.jobs.Job;
import io.mlcycle.jobs.Progress;
import io.mlcycle.jobs.ingest.BronzeColumns;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Bronze to silver: reads every source's bronze table at its latest version, validates and cleans the rows
 * ({@link QualityFrames}), counts them per rule, and then either fails (rejected share above the bound: the quarantine
 * table gets the run's rejected rows, silver is not touched) or overwrites silver with the valid rows and the
 * quarantine table with the rejected ones. Both are full rebuilds of the current bronze snapshot, so a rerun on the
 * same bronze writes the same rows and the same counts, and earlier runs stay readable by Delta version (time travel).
 * Both commits carry the lineage and the counts as JSON.
 */
public final class SilverJob implements Job {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SparkSession spark;
    private final LakeSettings lake;
    private final DatasetSpec spec;
    private final Progress progress = new Progress("silver");

    public SilverJob(SparkSession spark, LakeSettings lake, DatasetSpec spec) {
        this.spark = spark;
        this.lake = lake;
        this.spec = spec;
    }

    @Override
    public void run() {
        runOnce();
    }

    /** Runs the step and returns its counts (tests compare reruns with them). */
    public QualityReport runOnce() {
        String runId = UUID.randomUUID().toString();
        List<Lineage.TableVersion> reads = new ArrayList<>();
        Dataset<Row> classified = QualityFrames.classify(readBronze(reads), spec).cache();
        try {
            QualityReport report = QualityReport.measure(classified, spec.quality().maxRejectedShare());
            printCounts(report, reads);
            String metadata = metadata(new Lineage("silver", runId, reads), report);
            long quarantineVersion = DeltaTables.overwrite(QualityFrames.quarantine(classified, runId, Instant.now()), lake.quarantineTable(), metadata);
            if (report.boundExceeded()) {
                throw new RejectedShareExceededException(report, lake.quarantineTable(), runId);
            }
            long silverVersion = DeltaTables.overwrite(QualityFrames.silver(classified, spec), lake.silverTable(), metadata);
            progress.step("silver " + lake.silverTable() + " version " + silverVersion + ": " + report.silverRows() + " rows; quarantine "
                    + lake.quarantineTable() + " version " + quarantineVersion + ": " + (report.rejectedRows() + report.duplicateRows())
                    + " rows of run " + runId);
            return report;
        } finally {
            classified.unpersist();
        }
    }

    /** Every source's bronze table at its latest version, unioned by column name; missing columns are null. */
    private Dataset<Row> readBronze(List<Lineage.TableVersion> reads) {
        if (spec.sources().isEmpty()) {
            throw new IllegalStateException("Cannot build silver: mlcycle.dataset.sources is empty. Add a source and ingest it first.");
        }
        List<Dataset<Row>> tables = new ArrayList<>();
        for (SourceSpec source : spec.sources()) {
            String table = lake.bronzeTable(source.name());
            long version = DeltaTables.latestVersion(spark, table);
            reads.add(new Lineage.TableVersion(table, version));
            tables.add(DeltaTables.read(spark, table, version));
        }
        Set<String> conflicting = conflictingColumns(tables);
        Dataset<Row> union = null;
        for (Dataset<Row> table : tables) {
            Dataset<Row> aligned = table;
            for (String column : conflicting) {
                if (Arrays.asList(table.columns()).contains(column)) {
                    aligned = aligned.withColumn(column, col(column).cast(DataTypes.StringType));
                }
            }
            union = union == null ? aligned : union.unionByName(aligned, true);
        }
        return withMissingColumns(union);
    }

    /** Columns whose type differs between sources (CSV text next to Parquet doubles): read as text, the cast decides. */
    private static Set<String> conflictingColumns(List<Dataset<Row>> tables) {
        Map<String, DataType> types = new HashMap<>();
        Set<String> conflicting = new HashSet<>();
        for (Dataset<Row> table : tables) {
            for (StructField field : table.schema().fields()) {
                DataType known = types.putIfAbsent(field.name(), field.dataType());
                if (known != null && !known.equals(field.dataType())) {
                    conflicting.add(field.name());
                }
            }
        }
        return conflicting;
    }

    private Dataset<Row> withMissingColumns(Dataset<Row> bronze) {
        List<String> present = Arrays.asList(bronze.columns());
        Map<String, DataType> needed = new LinkedHashMap<>();
        spec.schema().stream().map(ColumnSpec::name).forEach(name -> needed.put(name, DataTypes.StringType));
        BronzeColumns.ALL.forEach(name -> needed.put(name, name.equals(BronzeColumns.INGESTED_AT) ? DataTypes.TimestampType : DataTypes.StringType));
        Dataset<Row> complete = bronze;
        for (Map.Entry<String, DataType> column : needed.entrySet()) {
            if (!present.contains(column.getKey())) {
                progress.step("no bronze table has column " + column.getKey() + "; it is read as missing in every row");
                complete = complete.withColumn(column.getKey(), lit(null).cast(column.getValue()));
            }
        }
        return complete;
    }

    private void printCounts(QualityReport report, List<Lineage.TableVersion> reads) {
        progress.step("read " + report.rowsRead() + " rows from " + reads.stream().map(r -> r.table() + " version " + r.version())
                .collect(Collectors.joining(", ")));
        report.ruleCounts().forEach((rule, rows) -> progress.step("  rule " + rule + ": " + rows + " rows"));
        report.correctionCounts().forEach((correction, values) -> progress.step("  correction " + correction + ": " + values + " values changed"));
        progress.step(String.format(Locale.ROOT, "%d rows valid, %d rejected (share %.4f, bound %s), %d duplicates of an id dropped",
                report.silverRows(), report.rejectedRows(), report.rejectedShare(), report.maxRejectedShare(), report.duplicateRows()));
    }

    /** The lineage JSON with the run's counts under "quality". */
    static String metadata(Lineage lineage, QualityReport report) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(lineage.toJson());
            node.set("quality", JSON.valueToTree(report.toMap()));
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the silver commit metadata as JSON: " + report, e);
        }
    }

}
