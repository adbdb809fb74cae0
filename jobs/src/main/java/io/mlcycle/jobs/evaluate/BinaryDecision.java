package io.mlcycle.jobs.evaluate;

import static java.util.Objects.requireNonNull;

/**
 * How a binary model decides: it predicts positive when its score is above {@code threshold} (MLlib's rule, and the
 * threshold stored in the model). The score is the positive-class probability, {@code probability[1]}, of a
 * probabilistic model, or the margin {@code rawPrediction[1]} of one that has no probabilities (linear SVM), whose
 * evaluation then has no log loss, Brier score or calibration.
 */
public record BinaryDecision(double threshold, Score score) {
    /** What the model's score is. */
    public enum Score { PROBABILITY, MARGIN }

    public BinaryDecision {
        requireNonNull(score, "score is null");
        if (!Double.isFinite(threshold) || (score == Score.PROBABILITY && !(threshold >= 0 && threshold <= 1))) {
            throw new IllegalArgumentException("Cannot decide at threshold " + threshold + " on a " + score.name().toLowerCase(java.util.Locale.ROOT)
                    + ": a probability threshold lies in [0, 1], a margin threshold is any finite number.");
        }
    }

    public static BinaryDecision probability(double threshold) {
        return new BinaryDecision(threshold, Score.PROBABILITY);
    }

    public static BinaryDecision margin(double threshold) {
        return new BinaryDecision(threshold, Score.MARGIN);
    }

    public boolean probabilistic() {
        return score == Score.PROBABILITY;
    }
}
