package io.mlcycle.jobs.evaluate;

/**
 * How bootstrap intervals are drawn: {@code replicates} resamples, percentile intervals at {@code level}, and a
 * {@code seed} that makes them repeatable. {@code maxCollectedRows} caps the rows a regression bootstrap
 * collects to the driver (classification bootstraps collect a summary, never rows).
 */
public record BootstrapSettings(int replicates, double level, long seed, int maxCollectedRows) {
    public static final int DEFAULT_REPLICATES = 200;
    public static final double DEFAULT_LEVEL = 0.95;
    public static final int DEFAULT_MAX_COLLECTED_ROWS = 1_000_000;

    public BootstrapSettings {
        if (replicates < 2) {
            throw new IllegalArgumentException("Cannot bootstrap with replicates: " + replicates + ". Use at least 2 (200 is usual).");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Cannot build intervals at confidence level: " + level
                    + ". It must lie strictly between 0 and 1, e.g. 0.95.");
        }
        if (maxCollectedRows < 1) {
            throw new IllegalArgumentException("Cannot bootstrap with max collected rows: " + maxCollectedRows + ". It must be positive.");
        }
    }

    /** 200 replicates, 95% intervals, at most 1,000,000 collected rows. */
    public static BootstrapSettings defaults(long seed) {
        return new BootstrapSettings(DEFAULT_REPLICATES, DEFAULT_LEVEL, seed, DEFAULT_MAX_COLLECTED_ROWS);
    }
}
