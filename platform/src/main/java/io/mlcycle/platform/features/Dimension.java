package io.mlcycle.platform.features;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.LookupSpec;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows of one lookup's dimension table as read: a Delta table at {@code version}, or Parquet/CSV files as they were
 * when read ({@code version} empty: files have no versions).
 */
public record Dimension(LookupSpec lookup, OptionalLong version, Dataset<Row> rows) {
    public Dimension {
        requireNonNull(lookup, "lookup is null");
        requireNonNull(version, "version is null");
        requireNonNull(rows, "rows is null");
    }
}
