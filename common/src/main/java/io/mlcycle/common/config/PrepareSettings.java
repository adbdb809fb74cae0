package io.mlcycle.common.config;

/**
 * Splitting the feature table ({@code mlcycle.prepare}).
 *
 * @param testFraction share of the rows held out as the test set: the latest by event time, or a seeded random share
 *     when the dataset has no time column
 * @param seed seed of the random split (datasets without a time column)
 */
public record PrepareSettings(double testFraction, long seed) {
    public static PrepareSettings read(ConfigReader reader) {
        return new PrepareSettings(reader.doubleInRange("mlcycle.prepare.test-fraction", 0.05, 0.5), reader.longOr("mlcycle.prepare.seed", 11));
    }
}
