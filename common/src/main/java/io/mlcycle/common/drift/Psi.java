package io.mlcycle.common.drift;

/**
 * The population stability index (PSI) of an actual distribution against an expected (reference) one,
 * both given over the same bins.
 *
 * <pre>
 *   PSI = sum over bins i of (a_i - e_i) * ln(a_i / e_i)
 * </pre>
 *
 * where {@code e_i} and {@code a_i} are the proportions of the expected and the actual rows that fall
 * into bin {@code i}. A proportion below {@link #EPSILON} is replaced by {@code EPSILON} before the sum,
 * so that a bin that is empty on one side contributes a large but finite term instead of infinity
 * (and a bin empty on both sides contributes 0). Common reading: below 0.1 stable, 0.1 to 0.2 a
 * moderate shift, above 0.2 a significant shift.
 */
public final class Psi {
    /** The proportion that stands in for an empty bin. */
    public static final double EPSILON = 1e-4;

    private Psi() {}

    /** PSI over bin counts; each side is turned into proportions of its own total. */
    public static double ofCounts(long[] expectedCounts, long[] actualCounts) {
        checkSameBins(expectedCounts.length, actualCounts.length);
        return ofProportions(proportions(expectedCounts, "expected"), proportions(actualCounts, "actual"));
    }

    /** PSI over bin proportions (each array should sum to 1). */
    public static double ofProportions(double[] expected, double[] actual) {
        checkSameBins(expected.length, actual.length);
        double psi = 0.0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], EPSILON);
            double a = Math.max(actual[i], EPSILON);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    static double[] proportions(long[] counts, String side) {
        long total = 0;
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("Cannot compute PSI from negative " + side + " count: " + count
                        + ". Bin counts are numbers of rows and must be 0 or more.");
            }
            total += count;
        }
        if (total == 0) {
            throw new IllegalArgumentException("Cannot compute PSI from " + side + " counts that are all zero: "
                    + java.util.Arrays.toString(counts) + ". A distribution needs at least one row.");
        }
        double[] proportions = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            proportions[i] = (double) counts[i] / total;
        }
        return proportions;
    }

    private static void checkSameBins(int expectedBins, int actualBins) {
        if (expectedBins != actualBins || expectedBins == 0) {
            throw new IllegalArgumentException("Cannot compute PSI over " + expectedBins + " expected and " + actualBins
                    + " actual bins: both distributions must have the same, non-zero number of bins.");
        }
    }
}
