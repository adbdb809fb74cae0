package io.mlcycle.common.dataset;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * The id of a row of data that has no id column ({@code mlcycle.dataset.id-column = ""}): the first 32 hex digits of the
 * SHA-256 of the row's raw text values, every schema column but the label, in schema order (a missing value and an
 * empty text differ). Silver derives it from bronze's raw values, the scorer from the event's JSON fields, so the same
 * values give the same id in both; rows with identical values are one row (silver keeps the latest). A label producer
 * that wants to join labels to predictions computes the same digest.
 */
public final class RowIds {
    private static final String SEPARATOR = "\u001f";
    private static final String MISSING = "\u0000";

    private RowIds() {}

    /** The derived id, from each schema column's raw text as {@code rawText} gives it. */
    public static Column of(DatasetSpec spec, Function<String, Column> rawText) {
        List<Column> parts = spec.schema().stream()
                .filter(column -> !column.name().equals(spec.labelColumn()))
                .map(column -> coalesce(rawText.apply(column.name()), lit(MISSING)))
                .toList();
        return substring(sha2(concat_ws(SEPARATOR, parts.toArray(Column[]::new)), 256), 1, 32);
    }
}
