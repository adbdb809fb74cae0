package io.mlcycle.common.quality;

import static io.mlcycle.common.quality.QualityColumns.CORRECTED;
import static io.mlcycle.common.quality.QualityColumns.DUPLICATE_ID;
import static io.mlcycle.common.quality.QualityColumns.VIOLATIONS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The counts of one bronze-to-silver run. Duplicates of an id are quarantined but do not count as rejected: the
 * rejected share is {@code rejectedRows / (rowsRead - duplicateRows)}, the share of distinct records that failed.
 *
 * @param ruleCounts rows per violated rule (a row violating two rules counts once under each), duplicate-id included
 * @param correctionCounts values each correction changed, over every row read
 */
public record QualityReport(long rowsRead, long silverRows, long rejectedRows, long duplicateRows, Map<String, Long> ruleCounts,
        Map<String, Long> correctionCounts, double maxRejectedShare) {
    public QualityReport {
        ruleCounts = Collections.unmodifiableMap(new TreeMap<>(ruleCounts));
        correctionCounts = Collections.unmodifiableMap(new TreeMap<>(correctionCounts));
    }

    /** Counts a {@link QualityFrames#classify classified} frame (four small jobs; cache it first). */
    public static QualityReport measure(Dataset<Row> classified, double maxRejectedShare) {
        long rows = classified.count();
        long quarantined = classified.filter(size(col(VIOLATIONS)).gt(0)).count();
        Map<String, Long> rules = countValues(classified.select(explode(col(VIOLATIONS).getField("rule"))));
        Map<String, Long> corrections = countValues(classified.select(explode(col(CORRECTED))));
        long duplicates = rules.getOrDefault(DUPLICATE_ID, 0L);
        return new QualityReport(rows, rows - quarantined, quarantined - duplicates, duplicates, rules, corrections, maxRejectedShare);
    }

    public double rejectedShare() {
        long distinct = rowsRead - duplicateRows;
        return distinct == 0 ? 0.0 : (double) rejectedRows / distinct;
    }

    public boolean boundExceeded() {
        return rejectedShare() > maxRejectedShare;
    }

    /** The counts as a JSON-ready map (snake_case keys), for the commit metadata. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rows_read", rowsRead);
        map.put("silver_rows", silverRows);
        map.put("rejected_rows", rejectedRows);
        map.put("duplicate_rows", duplicateRows);
        map.put("rejected_share", rejectedShare());
        map.put("max_rejected_share", maxRejectedShare);
        map.put("rules", ruleCounts);
        map.put("corrections", correctionCounts);
        return map;
    }

    private static Map<String, Long> countValues(Dataset<Row> values) {
        Map<String, Long> counts = new TreeMap<>();
        values.groupBy(col(values.columns()[0])).count().collectAsList().forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }
}
