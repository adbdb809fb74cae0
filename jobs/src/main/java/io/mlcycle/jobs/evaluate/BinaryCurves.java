package io.mlcycle.jobs.evaluate;

import io.mlcycle.jobs.report.CalibrationBin;
import java.util.ArrayList;
import java.util.List;

/**
 * Chart inputs read off a {@link ScoreTable}: ROC and precision-recall points and calibration bins. A table holds one
 * entry per distinct score (up to one per row), so curves keep a point only where it moved at least
 * {@value #MIN_STEP} from the last one kept (and always the last): at most a few thousand points, and a trapezoidal area
 * within a rounding of the exact one.
 */
final class BinaryCurves {
    static final double MIN_STEP = 1e-3;

    private BinaryCurves() {}

    /** (false positive rate, true positive rate) from (0, 0) through every score, highest first; empty without both classes. */
    static List<double[]> roc(ScoreTable table) {
        List<double[]> points = new ArrayList<>();
        if (table.positives() == 0 || table.negatives() == 0) {
            return points;
        }
        points.add(new double[] {0, 0});
        long truePositives = 0;
        long falsePositives = 0;
        for (int i = 0; i < table.size(); i++) {
            truePositives += table.positivesAt(i);
            falsePositives += table.negativesAt(i);
            keep(points, (double) falsePositives / table.negatives(), (double) truePositives / table.positives(), i == table.size() - 1);
        }
        return points;
    }

    /** (recall, precision) at every score, highest first, starting at recall 0 with the first score's precision; empty without positives. */
    static List<double[]> precisionRecall(ScoreTable table) {
        List<double[]> points = new ArrayList<>();
        if (table.positives() == 0) {
            return points;
        }
        long truePositives = 0;
        long predicted = 0;
        for (int i = 0; i < table.size(); i++) {
            truePositives += table.positivesAt(i);
            predicted += table.positivesAt(i) + table.negativesAt(i);
            double precision = predicted == 0 ? 1.0 : (double) truePositives / predicted;
            if (points.isEmpty()) {
                points.add(new double[] {0, precision});
            }
            keep(points, (double) truePositives / table.positives(), precision, i == table.size() - 1);
        }
        return points;
    }

    /** {@code bins} equal-width bins of the positive-class probability, each with its rows, mean probability and share of positives. */
    static List<CalibrationBin> calibration(ScoreTable table, int bins) {
        long[] counts = new long[bins];
        long[] positives = new long[bins];
        double[] scoreSums = new double[bins];
        for (int i = 0; i < table.size(); i++) {
            double score = Math.min(Math.max(table.scoreAt(i), 0.0), 1.0);
            int bin = Math.min((int) Math.floor(score * bins), bins - 1);
            long rows = table.positivesAt(i) + table.negativesAt(i);
            counts[bin] += rows;
            positives[bin] += table.positivesAt(i);
            scoreSums[bin] += score * rows;
        }
        List<CalibrationBin> result = new ArrayList<>();
        for (int bin = 0; bin < bins; bin++) {
            boolean empty = counts[bin] == 0;
            result.add(new CalibrationBin((double) bin / bins, (double) (bin + 1) / bins,
                    empty ? Double.NaN : Math.min(1.0, scoreSums[bin] / counts[bin]),
                    empty ? Double.NaN : (double) positives[bin] / counts[bin], counts[bin]));
        }
        return result;
    }

    private static void keep(List<double[]> points, double x, double y, boolean last) {
        double[] previous = points.get(points.size() - 1);
        if (last || Math.abs(x - previous[0]) >= MIN_STEP || Math.abs(y - previous[1]) >= MIN_STEP) {
            points.add(new double[] {x, y});
        }
    }
}
