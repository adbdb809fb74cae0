package io.mlcycle.common.features;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.dataset.LookupSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Joins of dimension tables to the rows: pure, given the dimension table's rows (read by the caller). */
public final class Lookups {
    private Lookups() {}

    /**
     * Left-joins {@code dimension} on {@code row.key = dimension.lookupKey} and adds the lookup's columns; a row without a
     * match gets nulls. {@code dimension} must hold one row per lookup key (a duplicate would duplicate rows).
     */
    public static Dataset<Row> join(Dataset<Row> rows, Dataset<Row> dimension, LookupSpec lookup) {
        FeatureFrames.requireColumns(rows, lookup.key());
        List<String> needed = new ArrayList<>(List.of(lookup.lookupKey()));
        needed.addAll(lookup.columns());
        FeatureFrames.requireColumns(dimension, needed.toArray(String[]::new));
        String key = "__lookup_key_" + lookup.name();
        List<Column> selected = new ArrayList<>(List.of(col(lookup.lookupKey()).as(key)));
        lookup.columns().forEach(c -> selected.add(col(c)));
        Dataset<Row> right = dimension.select(selected.toArray(Column[]::new));
        return rows.join(right, rows.col(lookup.key()).equalTo(right.col(key)), "left_outer").drop(key);
    }
}
