package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.DatasetSpec;

/**
 * Splitting the feature table into train and test ({@code mlcycle.prepare}). The test split never takes part in
 * selection: training tunes and compares on the train split only.
 *
 * @param testFraction share of the rows held out as the test set: the latest by event time, or a seeded random share
 * @param seed seed of the random split: the same id always lands in the same split for the same data and seed
 * @param split how the split is made; {@link SplitMethod#AUTO} resolves per dataset, see {@link #splitFor}
 */
public record PrepareSettings(double testFraction, long seed, SplitMethod split) {
    /** How the rows are split into train and test ({@code mlcycle.prepare.split}). */
    public enum SplitMethod {
        /** By time when the dataset has a time column, else at random. */
        AUTO,
        /** Train on the earlier rows by event time, test on the latest {@code testFraction}. */
        TIME,
        /** A seeded random share by id, stratified by the label for classification tasks. */
        RANDOM
    }

    public PrepareSettings {
        requireNonNull(split, "split is null");
    }

    /** The settings with {@link SplitMethod#AUTO}. */
    public PrepareSettings(double testFraction, long seed) {
        this(testFraction, seed, SplitMethod.AUTO);
    }

    public static PrepareSettings read(ConfigReader reader) {
        return new PrepareSettings(
                reader.doubleInRange("mlcycle.prepare.test-fraction", 0.05, 0.5),
                reader.longOr("mlcycle.prepare.seed", 11),
                reader.choiceOr("mlcycle.prepare.split", SplitMethod.class, SplitMethod.AUTO));
    }

    /** The split used for {@code dataset}: {@link SplitMethod#TIME} or {@link SplitMethod#RANDOM}, never {@code AUTO}. */
    public SplitMethod splitFor(DatasetSpec dataset) {
        if (split == SplitMethod.AUTO) {
            return dataset.hasTime() ? SplitMethod.TIME : SplitMethod.RANDOM;
        }
        return split;
    }

    /** Checks that fit the dataset: a time split needs a time column. */
    public void checkAgainst(DatasetSpec dataset, ConfigReader reader) {
        reader.check(split != SplitMethod.TIME || dataset.hasTime(), "mlcycle.prepare.split", "'time'",
                "auto or random: dataset '" + dataset.name() + "' has no time column (mlcycle.dataset.time-column is empty);"
                        + " set a time column or split at random");
    }
}
