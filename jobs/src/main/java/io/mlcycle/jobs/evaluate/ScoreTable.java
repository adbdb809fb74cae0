package io.mlcycle.jobs.evaluate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Binary scored rows reduced to their sufficient statistics: for each distinct positive-class score, in
 * descending order, how many rows are positive and how many negative. Every binary metric (curves, AUCs,
 * log loss, Brier, confusion at any threshold) is a function of this table, so Spark reduces the rows to it in
 * one aggregation and the driver holds one entry per distinct score, not one per row.
 */
final class ScoreTable {
    static final double PROBABILITY_CLIP = 1e-15;
    private static final double TIE_TOLERANCE = 1e-12;

    private final double[] scores;
    private final long[] positives;
    private final long[] negatives;
    private final long totalPositives;
    private final long totalNegatives;

    /** {@code scores} must be distinct and in descending order; the arrays are not copied. */
    ScoreTable(double[] scores, long[] positives, long[] negatives) {
        if (scores.length != positives.length || scores.length != negatives.length) {
            throw new IllegalArgumentException("Cannot build a score table from arrays of lengths " + scores.length + ", "
                    + positives.length + ", " + negatives.length);
        }
        for (int i = 1; i < scores.length; i++) {
            if (!(scores[i] < scores[i - 1])) {
                throw new IllegalArgumentException("Cannot build a score table: scores not distinct and descending at " + i);
            }
        }
        this.scores = scores;
        this.positives = positives;
        this.negatives = negatives;
        this.totalPositives = Arrays.stream(positives).sum();
        this.totalNegatives = Arrays.stream(negatives).sum();
    }

    long rows() {
        return totalPositives + totalNegatives;
    }

    long positives() {
        return totalPositives;
    }

    /** The number of distinct scores; {@link #scoreAt}, {@link #positivesAt}, {@link #negativesAt} read entry {@code i}, highest score first. */
    int size() {
        return scores.length;
    }

    double scoreAt(int i) {
        return scores[i];
    }

    long positivesAt(int i) {
        return positives[i];
    }

    long negativesAt(int i) {
        return negatives[i];
    }

    long negatives() {
        return totalNegatives;
    }

    /**
     * A Poisson bootstrap replicate: each of a cell's c rows is drawn Poisson(1) times, so the cell's count is
     * the sum of c Poisson(1) draws (a Poisson(c) draw, made exactly, row by row).
     */
    ScoreTable resample(SplittableRandom random) {
        long[] resampledPositives = new long[scores.length];
        long[] resampledNegatives = new long[scores.length];
        for (int i = 0; i < scores.length; i++) {
            resampledPositives[i] = Poisson.sumOfUnitDraws(random, positives[i]);
            resampledNegatives[i] = Poisson.sumOfUnitDraws(random, negatives[i]);
        }
        return new ScoreTable(scores, resampledPositives, resampledNegatives);
    }

    /** Rows with a score at least {@code threshold} are predicted positive. */
    ConfusionCounts confusionAt(double threshold) {
        long truePositives = 0;
        long falsePositives = 0;
        for (int i = 0; i < scores.length && scores[i] >= threshold; i++) {
            truePositives += positives[i];
            falsePositives += negatives[i];
        }
        return new ConfusionCounts(truePositives, falsePositives, totalPositives - truePositives,
                totalNegatives - falsePositives);
    }

    /**
     * Area under the ROC curve through (0, 0), one point per distinct score, and (1, 1), by the trapezoidal
     * rule (rows with tied scores form one diagonal segment, i.e. count half). NaN without positives or negatives.
     */
    double areaUnderRoc() {
        if (totalPositives == 0 || totalNegatives == 0) {
            return Double.NaN;
        }
        double area = 0;
        long truePositives = 0;
        for (int i = 0; i < scores.length; i++) {
            // each negative at this score adds a column of height (TP above + half of the positives tied with it)
            area += negatives[i] * (truePositives + positives[i] / 2.0);
            truePositives += positives[i];
        }
        return area / ((double) totalPositives * totalNegatives);
    }

    /**
     * Area under the precision-recall curve as average precision: the sum over distinct scores of the recall
     * gained there times the precision there (a step function, not interpolated). NaN without positives.
     */
    double areaUnderPrecisionRecall() {
        if (totalPositives == 0) {
            return Double.NaN;
        }
        double area = 0;
        long truePositives = 0;
        long predicted = 0;
        for (int i = 0; i < scores.length; i++) {
            truePositives += positives[i];
            predicted += positives[i] + negatives[i];
            if (positives[i] > 0) {
                // no recall gained, nothing added (and a bootstrap replicate can leave a leading score with no rows)
                area += (double) positives[i] / totalPositives * ((double) truePositives / predicted);
            }
        }
        return area;
    }

    /** Mean negative log-likelihood with probabilities clipped to [1e-15, 1 - 1e-15]. */
    double logLoss() {
        double loss = 0;
        for (int i = 0; i < scores.length; i++) {
            double clipped = Math.min(Math.max(scores[i], PROBABILITY_CLIP), 1 - PROBABILITY_CLIP);
            loss -= positives[i] * Math.log(clipped) + negatives[i] * Math.log(1 - clipped);
        }
        return ratioOrNaN(loss, rows());
    }

    /** Mean squared difference between the positive-class probability and the label. */
    double brierScore() {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            sum += positives[i] * (1 - scores[i]) * (1 - scores[i]) + negatives[i] * scores[i] * scores[i];
        }
        return ratioOrNaN(sum, rows());
    }

    /**
     * Chooses the threshold by {@code rule}. Candidates are every distinct score (predict positive from it
     * down) and one just above the highest score (predict nothing positive); ties go to the lowest threshold.
     */
    ChosenThreshold choose(ThresholdRule rule) {
        if (rule.criterion() == ThresholdRule.Criterion.FIXED) {
            return ChosenThreshold.fixed(rule.fixedThreshold());
        }
        requireChoosable(rule);
        double bestThreshold = scores.length == 0 ? 0.0 : Math.nextUp(scores[0]);
        double bestValue = criterionValue(rule, 0, 0);
        long truePositives = 0;
        long falsePositives = 0;
        for (int i = 0; i < scores.length; i++) {
            truePositives += positives[i];
            falsePositives += negatives[i];
            double value = criterionValue(rule, truePositives, falsePositives);
            if (atLeastAsGood(rule.criterion(), value, bestValue)) {
                bestValue = value;
                bestThreshold = scores[i];
            }
        }
        return new ChosenThreshold(bestThreshold, rule.criterion(), bestValue);
    }

    private void requireChoosable(ThresholdRule rule) {
        if (rows() == 0) {
            throw new IllegalArgumentException("Cannot choose a threshold by " + rule.criterion().configName()
                    + " on no rows: the validation set is empty. Check the split settings.");
        }
        boolean needsBothClasses = rule.criterion() != ThresholdRule.Criterion.MIN_COST;
        if (needsBothClasses && (totalPositives == 0 || totalNegatives == 0)) {
            throw new IllegalArgumentException("Cannot choose a threshold by " + rule.criterion().configName()
                    + ": the validation set has " + totalPositives + " positive and " + totalNegatives
                    + " negative rows, and the criterion needs both. Use a larger validation set or a fixed threshold.");
        }
    }

    private double criterionValue(ThresholdRule rule, long truePositives, long falsePositives) {
        long falseNegatives = totalPositives - truePositives;
        return switch (rule.criterion()) {
            case MAX_F1 -> ClassMetrics.ratio(2.0 * truePositives, 2.0 * truePositives + falsePositives + falseNegatives);
            case MAX_YOUDEN -> (double) truePositives / totalPositives - (double) falsePositives / totalNegatives;
            case MIN_COST -> (rule.falsePositiveCost() * falsePositives + rule.falseNegativeCost() * falseNegatives) / rows();
            case FIXED -> throw new IllegalStateException("A fixed threshold has no criterion value");
        };
    }

    /** Whether {@code value} beats or ties {@code best}; a tie (within rounding) moves to the lower threshold. */
    private static boolean atLeastAsGood(ThresholdRule.Criterion criterion, double value, double best) {
        double tolerance = TIE_TOLERANCE * Math.max(1.0, Math.abs(best));
        return criterion == ThresholdRule.Criterion.MIN_COST ? value <= best + tolerance : value >= best - tolerance;
    }

    private static double ratioOrNaN(double numerator, long denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
