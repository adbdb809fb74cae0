package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A validated square matrix of counts, true class by row and predicted class by column, with its class names. */
record ConfusionMatrix(List<String> classNames, long[][] counts) {
    static ConfusionMatrix of(List<String> classNames, long[][] counts, int maxClasses) {
        requireNonNull(classNames, "classNames is null");
        requireNonNull(counts, "counts is null");
        int classes = classNames.size();
        if (classes == 0 || classes > maxClasses) {
            throw new IllegalArgumentException("Cannot draw a confusion matrix of " + classes + " classes: need 1 to " + maxClasses);
        }
        if (counts.length != classes) {
            throw new IllegalArgumentException("Cannot draw a confusion matrix of " + counts.length + " rows for "
                    + classes + " class names: need one row and one column per class");
        }
        long[][] copy = new long[classes][];
        for (int row = 0; row < classes; row++) {
            copy[row] = checkedRow(counts[row], row, classes).clone();
        }
        return new ConfusionMatrix(List.copyOf(classNames), copy);
    }

    private static long[] checkedRow(long[] row, int index, int classes) {
        requireNonNull(row, "row " + index + " is null");
        if (row.length != classes) {
            throw new IllegalArgumentException("Cannot draw a confusion matrix: row " + index + " has " + row.length
                    + " counts for " + classes + " classes; need one row and one column per class");
        }
        for (long count : row) {
            if (count < 0) {
                throw new IllegalArgumentException("Cannot draw a confusion matrix: row " + index + " has count " + count + "; counts are 0 or more");
            }
        }
        return row;
    }

    int size() {
        return classNames.size();
    }

    long rowTotal(int row) {
        long total = 0;
        for (long count : counts[row]) {
            total += count;
        }
        return total;
    }

    /** The share of true class {@code row}'s rows predicted as {@code column}; 0 when the class has no rows. */
    double rowShare(int row, int column) {
        long total = rowTotal(row);
        return total == 0 ? 0 : (double) counts[row][column] / total;
    }
}
