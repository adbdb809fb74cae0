package io.mlcycle.jobs.evaluate.fairness;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.features.FeatureFrames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;

/**
 * A column to slice the evaluation by: categorical (one slice per value), or numeric bucketed by ascending edges
 * {@code e1 < ... < ek} into {@code < e1}, {@code [e1, e2)}, ..., {@code >= ek}. Missing values (null, and NaN in a
 * numeric column) form their own slice, {@value #MISSING}.
 *
 * @param edges empty for a categorical column
 */
public record SliceSpec(String column, List<Double> edges) {
    public static final String MISSING = "(missing)";
    private static final String MISSING_KEY = "missing";

    public SliceSpec {
        requireNonNull(column, "column is null");
        if (column.isBlank()) {
            throw new IllegalArgumentException("Cannot slice by a blank column name. Name a column of the scored rows.");
        }
        edges = List.copyOf(edges);
        for (int i = 0; i < edges.size(); i++) {
            double edge = edges.get(i);
            if (!Double.isFinite(edge) || (i > 0 && edge <= edges.get(i - 1))) {
                throw new IllegalArgumentException("Cannot bucket column '" + column + "' by edges " + edges
                        + ": the edges must be finite and strictly increasing, e.g. [25, 40, 60].");
            }
        }
    }

    public static SliceSpec categorical(String column) {
        return new SliceSpec(column, List.of());
    }

    public static SliceSpec numeric(String column, List<Double> edges) {
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("Cannot bucket column '" + column + "' by no edges: give at least one edge, "
                    + "or slice it as a categorical column.");
        }
        return new SliceSpec(column, edges);
    }

    public boolean bucketed() {
        return !edges.isEmpty();
    }

    /** The buckets' labels in ascending order ({@code < e1} first), without {@value #MISSING}; empty when categorical. */
    public List<String> bucketLabels() {
        List<String> labels = new ArrayList<>();
        if (!bucketed()) {
            return labels;
        }
        labels.add("< " + format(edges.get(0)));
        for (int i = 1; i < edges.size(); i++) {
            labels.add("[" + format(edges.get(i - 1)) + ", " + format(edges.get(i)) + ")");
        }
        labels.add(">= " + format(edges.get(edges.size() - 1)));
        return labels;
    }

    /** The order slices are reported in: buckets ascending or categories sorted, {@value #MISSING} last. */
    public Comparator<String> sliceOrder() {
        Comparator<String> missingLast = Comparator.comparing(MISSING::equals);
        List<String> buckets = bucketLabels();
        return bucketed() ? missingLast.thenComparingInt(buckets::indexOf) : missingLast.thenComparing(Comparator.naturalOrder());
    }

    /** The metric-key part of a slice label: {@code lt_25}, {@code 25_to_40}, {@code ge_60}, {@code missing}, or the sanitized category. */
    public String keyOf(String slice) {
        if (slice.equals(MISSING)) {
            return MISSING_KEY;
        }
        int bucket = bucketLabels().indexOf(slice);
        if (bucket < 0) {
            return MetricKeys.sanitize(slice);
        }
        if (bucket == 0) {
            return "lt_" + format(edges.get(0));
        }
        if (bucket == edges.size()) {
            return "ge_" + format(edges.get(bucket - 1));
        }
        return format(edges.get(bucket - 1)) + "_to_" + format(edges.get(bucket));
    }

    /** The slice label of every row, a string column; checks first that the column exists and, when bucketed, is numeric. */
    public Column sliceLabel(Dataset<Row> rows) {
        FeatureFrames.requireColumns(rows, column);
        if (!bucketed()) {
            return coalesce(col(column).cast("string"), lit(MISSING));
        }
        DataType type = rows.schema().apply(column).dataType();
        if (!(type instanceof NumericType)) {
            throw new IllegalArgumentException("Cannot bucket column '" + column + "' of type " + type.simpleString()
                    + ": bucket edges need a numeric column. Slice it as a categorical column instead (no edges).");
        }
        Column value = col(column).cast("double");
        List<String> labels = bucketLabels();
        Column label = when(value.isNull().or(isnan(value)), lit(MISSING));
        for (int i = 0; i < edges.size(); i++) {
            label = label.when(value.lt(lit(edges.get(i))), lit(labels.get(i)));
        }
        return label.otherwise(lit(labels.get(edges.size())));
    }

    private static String format(double edge) {
        return BigDecimal.valueOf(edge).stripTrailingZeros().toPlainString();
    }
}
