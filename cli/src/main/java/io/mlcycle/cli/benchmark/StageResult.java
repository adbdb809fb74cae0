package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

/**
 * One measured stage, as the table and results.json show it.
 *
 * @param rows the rows the stage is measured against: the generated rows, or for a train stage the feature table's (-1 unknown)
 * @param rowsPerSecond {@code rows / seconds}, or -1 when the rows are unknown
 * @param driverPeakMib peak resident memory of the largest process (the Spark driver), -1 when unknown
 * @param treePeakMib largest resident memory of the whole spark-submit process tree in one sample, -1 when unknown
 * @param lakeMib size of the benchmark's lake after the stage
 */
record StageResult(String stage, int exitCode, double seconds, long rows, double rowsPerSecond, long driverPeakMib, long treePeakMib,
        long lakeMib) {
    StageResult {
        requireNonNull(stage, "stage is null");
    }

    /** A result whose rows per second follow from {@code rows} and {@code seconds}. */
    static StageResult of(String stage, int exitCode, double seconds, long rows, long driverPeakMib, long treePeakMib, long lakeMib) {
        double rowsPerSecond = rows < 0 || seconds <= 0 ? -1 : rows / seconds;
        return new StageResult(stage, exitCode, seconds, rows, rowsPerSecond, driverPeakMib, treePeakMib, lakeMib);
    }

    boolean succeeded() {
        return exitCode == 0;
    }
}
