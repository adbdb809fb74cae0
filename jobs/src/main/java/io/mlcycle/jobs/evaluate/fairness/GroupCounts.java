package io.mlcycle.jobs.evaluate.fairness;

/**
 * The confusion counts of one group (a slice, or a value of a sensitive attribute) at the decision threshold.
 *
 * @param positives rows labelled 1
 * @param predictedPositives rows whose positive-class probability exceeds the threshold
 */
public record GroupCounts(String group, long rows, long positives, long predictedPositives, long truePositives) {
    public GroupCounts {
        java.util.Objects.requireNonNull(group, "group is null");
        if (rows < 0 || positives < 0 || predictedPositives < 0 || truePositives < 0 || positives > rows
                || predictedPositives > rows || truePositives > Math.min(positives, predictedPositives)) {
            throw new IllegalArgumentException("Cannot count group '" + group + "': inconsistent counts rows=" + rows
                    + ", positives=" + positives + ", predictedPositives=" + predictedPositives + ", truePositives=" + truePositives);
        }
    }

    public long negatives() {
        return rows - positives;
    }

    public long falsePositives() {
        return predictedPositives - truePositives;
    }

    public long falseNegatives() {
        return positives - truePositives;
    }

    public long trueNegatives() {
        return rows - positives - falsePositives();
    }
}
