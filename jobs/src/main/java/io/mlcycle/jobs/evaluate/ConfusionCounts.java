package io.mlcycle.jobs.evaluate;

/** The binary confusion matrix at a threshold: a row is predicted positive when its score is at least the threshold. */
public record ConfusionCounts(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {
    public ConfusionCounts {
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || trueNegatives < 0) {
            throw new IllegalArgumentException("Cannot build a confusion matrix with negative counts: TP=" + truePositives
                    + " FP=" + falsePositives + " FN=" + falseNegatives + " TN=" + trueNegatives);
        }
    }

    public long rows() {
        return truePositives + falsePositives + falseNegatives + trueNegatives;
    }

    public long positives() {
        return truePositives + falseNegatives;
    }

    public long negatives() {
        return falsePositives + trueNegatives;
    }

    public double accuracy() {
        return ClassMetrics.ratio(truePositives + trueNegatives, rows());
    }

    public ClassMetrics positiveClass() {
        return ClassMetrics.of(1.0, truePositives, truePositives + falsePositives, positives());
    }

    public ClassMetrics negativeClass() {
        return ClassMetrics.of(0.0, trueNegatives, trueNegatives + falseNegatives, negatives());
    }
}
