package io.mlcycle.common.drift;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * A numeric feature's reference: strictly increasing bin edges {@code e_0 < e_1 < ... < e_{k-1}} cut the
 * number line into {@code k + 1} value bins, plus a bin for missing values (null or NaN).
 *
 * <ul>
 *   <li>bin 0 holds {@code x < e_0};</li>
 *   <li>bin {@code i} (1 to k-1) holds {@code e_{i-1} <= x < e_i}: an edge belongs to the bin above it;</li>
 *   <li>bin {@code k} holds {@code x >= e_{k-1}};</li>
 *   <li>bin {@code k + 1} holds null and NaN.</li>
 * </ul>
 * With no edges (a feature that had no non-missing training value) there is one value bin and the missing bin.
 */
public record NumericReference(String feature, List<Double> edges, List<Long> counts) implements FeatureReference {
    public NumericReference {
        requireNonNull(feature, "feature is null");
        edges = List.copyOf(edges);
        for (int i = 0; i < edges.size(); i++) {
            double edge = edges.get(i);
            if (!Double.isFinite(edge) || (i > 0 && edge <= edges.get(i - 1))) {
                throw new IllegalArgumentException("Cannot use bin edges for feature " + feature + ": " + edges
                        + ". Edges must be finite and strictly increasing.");
            }
        }
        counts = FeatureReference.checkedCounts(feature, counts, edges.size() + 2);
    }

    /** Bins cut at {@code edges} with no rows counted yet. */
    public static NumericReference withEdges(String feature, List<Double> edges) {
        return new NumericReference(feature, edges, Collections.nCopies(edges.size() + 2, 0L));
    }

    public int missingBin() {
        return edges.size() + 1;
    }

    @Override
    public String binLabel(int bin) {
        if (bin == missingBin()) {
            return "(missing)";
        }
        if (edges.isEmpty()) {
            return "(any value)";
        }
        if (bin == 0) {
            return "< " + edges.get(0);
        }
        if (bin == edges.size()) {
            return ">= " + edges.get(edges.size() - 1);
        }
        return "[" + edges.get(bin - 1) + ", " + edges.get(bin) + ")";
    }

    @Override
    public Column binIndex(Column value) {
        Column number = value.cast("double");
        Column bin = lit(edges.size());
        if (!edges.isEmpty()) {
            bin = when(number.lt(edges.get(0)), 0);
            for (int i = 1; i < edges.size(); i++) {
                bin = bin.when(number.lt(edges.get(i)), i);
            }
            bin = bin.otherwise(edges.size());
        }
        // Spark orders NaN above every number, so it must be caught before the comparisons.
        return when(number.isNull().or(isnan(number)), missingBin()).otherwise(bin);
    }

    @Override
    public NumericReference withCounts(long[] newCounts) {
        return new NumericReference(feature, edges, Arrays.stream(newCounts).boxed().toList());
    }
}
