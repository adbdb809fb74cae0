package io.mlcycle.common.dataset.source;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.Secret;

/**
 * A database table or query read over JDBC. With a {@code partitionColumn} the read is split into
 * {@code numPartitions} parallel range queries between {@code lowerBound} and {@code upperBound} (the bounds only
 * shape the ranges; rows outside them are still read). With a {@code watermarkColumn} the read is incremental: each
 * run reads only rows whose watermark is greater than the largest one already in bronze.
 *
 * @param table a table name (schema.table) or empty when {@code query} is given
 * @param query a SELECT statement, or empty when {@code table} is given
 * @param partitionColumn numeric, date or timestamp column, or empty for one single read
 * @param watermarkColumn column that grows with every new or changed row (e.g. updated_at), or empty for full reads
 */
public record JdbcSource(
        String name,
        String url,
        String table,
        String query,
        String user,
        Secret password,
        String partitionColumn,
        String lowerBound,
        String upperBound,
        int numPartitions,
        String watermarkColumn,
        int fetchSize) implements SourceSpec {
    public JdbcSource {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(partitionColumn, "partitionColumn is null");
        requireNonNull(lowerBound, "lowerBound is null");
        requireNonNull(upperBound, "upperBound is null");
        requireNonNull(watermarkColumn, "watermarkColumn is null");
    }

    @Override
    public Type type() {
        return Type.JDBC;
    }

    public boolean partitioned() {
        return !partitionColumn.isEmpty();
    }

    public boolean incremental() {
        return !watermarkColumn.isEmpty();
    }

    /** What is read: the table name, or the query as a derived table, as Spark's {@code dbtable} option takes it. */
    public String relation() {
        return table.isEmpty() ? "(" + query + ") mlcycle_source" : table;
    }

    static JdbcSource read(ConfigReader element, String name) {
        element.rejectUnknownKeys("name", "type", "url", "table", "query", "user", "password", "partition-column", "lower-bound",
                "upper-bound", "num-partitions", "watermark-column", "fetch-size");
        String url = element.nonBlankString("url");
        element.check(url.isEmpty() || url.startsWith("jdbc:"), "url", "'" + url + "'", "a JDBC URL such as jdbc:postgresql://host:5432/db");
        JdbcSource source = new JdbcSource(
                name,
                url,
                element.stringOr("table", ""),
                element.stringOr("query", ""),
                element.stringOr("user", ""),
                element.secret("password"),
                element.stringOr("partition-column", ""),
                element.stringOr("lower-bound", ""),
                element.stringOr("upper-bound", ""),
                element.intInRangeOr("num-partitions", 1, 1024, 1),
                element.stringOr("watermark-column", ""),
                element.intInRangeOr("fetch-size", 1, 1_000_000, 10_000));
        element.check(source.table.isEmpty() != source.query.isEmpty(), "table", "'" + source.table + "'",
                "either table or query (exactly one of them)");
        if (source.partitioned()) {
            element.check(!source.lowerBound.isEmpty(), "lower-bound", "(missing)", "the lowest value of partition-column to split from");
            element.check(!source.upperBound.isEmpty(), "upper-bound", "(missing)", "the highest value of partition-column to split to");
        } else {
            element.check(source.numPartitions == 1, "num-partitions", String.valueOf(source.numPartitions),
                    "1, or a partition-column with lower-bound and upper-bound to read in parallel");
        }
        return source;
    }
}
