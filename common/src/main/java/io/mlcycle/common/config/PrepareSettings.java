package io.mlcycle.common.config;

/** Preparing the feature table from bronze. */
public record PrepareSettings(double testFraction) {
    public static PrepareSettings read(ConfigReader reader) {
        return new PrepareSettings(reader.doubleInRange("mlcycle.prepare.test-fraction", 0.05, 0.5));
    }
}
