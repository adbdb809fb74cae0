package io.mlcycle.common.drift;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * The reference distribution of one feature: how its values are binned and how many training rows fell
 * into each bin. Every value, including a missing one, falls into exactly one bin, so the bin counts of
 * any set of rows sum to the number of rows.
 */
public sealed interface FeatureReference permits NumericReference, CategoricalReference {
    /** The feature (column) name. */
    String feature();

    /** Training rows per bin, indexed by bin. */
    List<Long> counts();

    /** Number of bins, the missing-value bin included. */
    default int binCount() {
        return counts().size();
    }

    /** A readable name of a bin, such as {@code [1.5, 3.0)}, {@code web} or {@code (missing)}. */
    String binLabel(int bin);

    /**
     * A pure column expression (no UDF) that maps the feature's value to its bin index, from 0 to
     * {@code binCount() - 1}. Used both to count the reference and to bin live events, so both sides bin
     * exactly alike.
     */
    Column binIndex(Column value);

    /** The counts as an array. */
    default long[] countArray() {
        return counts().stream().mapToLong(Long::longValue).toArray();
    }

    /** The same bins with other counts. */
    FeatureReference withCounts(long[] counts);

    static List<Long> checkedCounts(String feature, List<Long> counts, int expectedBins) {
        List<Long> copy = List.copyOf(counts);
        if (copy.size() != expectedBins) {
            throw new IllegalArgumentException("Cannot use " + copy.size() + " counts for feature " + feature + ": its bins need "
                    + expectedBins + " (one per bin, the missing-value bin included).");
        }
        for (long count : copy) {
            if (count < 0) {
                throw new IllegalArgumentException("Cannot use a negative count for feature " + feature + ": " + count
                        + ". A count is a number of rows.");
            }
        }
        return copy;
    }
}
