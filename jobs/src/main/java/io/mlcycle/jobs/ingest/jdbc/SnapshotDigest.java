package io.mlcycle.jobs.ingest.jdbc;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.math.BigDecimal;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The content of a table as a multiset of rows, independent of row order: the row count and the sums of two independent
 * row hashes (64-bit xxHash and 32-bit Murmur3 over every column). Two snapshots with equal digests are taken as equal;
 * computing one is a single aggregating pass, so nothing is cached or collected.
 */
record SnapshotDigest(long rows, BigDecimal xxhashSum, BigDecimal murmurSum) {
    static SnapshotDigest of(Dataset<Row> rows) {
        Column[] columns = Arrays.stream(rows.columns()).map(name -> col("`" + name.replace("`", "``") + "`")).toArray(Column[]::new);
        Row digest = rows.agg(
                        count(lit(1)),
                        coalesce(sum(xxhash64(columns).cast("decimal(38,0)")), lit(BigDecimal.ZERO)),
                        coalesce(sum(hash(columns).cast("decimal(38,0)")), lit(BigDecimal.ZERO)))
                .head();
        return new SnapshotDigest(digest.getLong(0), digest.getDecimal(1).stripTrailingZeros(), digest.getDecimal(2).stripTrailingZeros());
    }
}
