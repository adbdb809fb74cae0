package io.mlcycle.jobs.evaluate.fairness;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * One group of a sensitive attribute: its counts and rates.
 *
 * @param key the group's metric-key part
 * @param minRows groups with fewer rows are reported but left out of the gaps ({@link #comparable()})
 */
public record GroupRates(String group, String key, GroupCounts counts, long minRows) {
    public GroupRates {
        requireNonNull(group, "group is null");
        requireNonNull(key, "key is null");
        requireNonNull(counts, "counts is null");
    }

    public long rows() {
        return counts.rows();
    }

    /** The share of the group's rows predicted positive (0 for an empty group, which cannot reach the gaps anyway). */
    public double selectionRate() {
        return counts.rows() == 0 ? 0.0 : (double) counts.predictedPositives() / counts.rows();
    }

    /** The share of the group's positives predicted positive; empty when the group has no positive labels. */
    public OptionalDouble truePositiveRate() {
        return counts.positives() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) counts.truePositives() / counts.positives());
    }

    /** True when the group is large enough to count in the gaps. */
    public boolean comparable() {
        return counts.rows() >= minRows;
    }
}
