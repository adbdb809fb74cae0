package io.mlcycle.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The record form of the scorer's outputs: a {@code key} (text) and a {@code value}, the row as one JSON object with one
 * field per column (timestamps as ISO-8601 text in the session time zone, UTC in mlcycle; null fields left out, as Spark does by default). Pure.
 */
public final class JsonRecords {
    public static final String KEY = "key";
    public static final String VALUE = "value";

    private JsonRecords() {}

    public static Dataset<Row> render(Dataset<Row> rows, Column key) {
        return rows.select(key.cast("string").as(KEY), value(rows).as(VALUE));
    }

    /** A row of {@code rows} as the JSON object {@link #render} makes its value. */
    public static Column value(Dataset<Row> rows) {
        Column[] fields = Arrays.stream(rows.columns()).map(name -> col("`" + name.replace("`", "``") + "`")).toArray(Column[]::new);
        return to_json(struct(fields));
    }
}
