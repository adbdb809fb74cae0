package io.mlcycle.jobs.report;

/**
 * One bin of a reliability diagram: the rows whose predicted probability lies in {@code [lower, upper)}, their mean
 * predicted probability and the share of them that are positive. An empty bin ({@code count} 0) has no means; pass
 * {@code NaN} for them.
 */
public record CalibrationBin(double lower, double upper, double meanPredicted, double observedFrequency, long count) {
    public CalibrationBin {
        if (!(0 <= lower && lower < upper && upper <= 1)) {
            throw new IllegalArgumentException("Cannot use calibration bin [" + lower + ", " + upper + "): need 0 <= lower < upper <= 1");
        }
        if (count < 0) {
            throw new IllegalArgumentException("Cannot use calibration bin [" + lower + ", " + upper + ") with " + count + " rows: need 0 or more");
        }
        if (count > 0 && !(isProbability(meanPredicted) && isProbability(observedFrequency))) {
            throw new IllegalArgumentException("Cannot use calibration bin [" + lower + ", " + upper + "): mean predicted "
                    + meanPredicted + " and observed frequency " + observedFrequency + " must be probabilities from 0 to 1");
        }
    }

    private static boolean isProbability(double value) {
        return value >= 0 && value <= 1;
    }
}
