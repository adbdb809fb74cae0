package io.mlcycle.jobs.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Multiclass scored rows reduced to a confusion matrix: counts per (label, prediction), over the labels seen as
 * either, ascending. Accuracy and the per-class metrics are functions of it, so the bootstrap resamples it.
 */
final class ConfusionCells {
    private final double[] labels;
    private final long[][] counts;

    ConfusionCells(double[] labels, long[][] counts) {
        this.labels = labels;
        this.counts = counts;
    }

    long rows() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    double accuracy() {
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += counts[i][i];
        }
        long rows = rows();
        return rows == 0 ? Double.NaN : (double) correct / rows;
    }

    List<ClassMetrics> perClass() {
        List<ClassMetrics> perClass = new ArrayList<>();
        for (int k = 0; k < labels.length; k++) {
            long support = 0;
            long predicted = 0;
            for (int other = 0; other < labels.length; other++) {
                support += counts[k][other];
                predicted += counts[other][k];
            }
            perClass.add(ClassMetrics.of(labels[k], counts[k][k], predicted, support));
        }
        return perClass;
    }

    ConfusionMatrix matrix() {
        return ConfusionMatrix.of(labels, counts);
    }

    /** A Poisson bootstrap replicate: each cell's c rows are each drawn Poisson(1) times. */
    ConfusionCells resample(SplittableRandom random) {
        long[][] resampled = new long[labels.length][labels.length];
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                resampled[i][j] = Poisson.sumOfUnitDraws(random, counts[i][j]);
            }
        }
        return new ConfusionCells(labels, resampled);
    }

    MulticlassEvaluation evaluation(double logLoss, double brierScore) {
        return new MulticlassEvaluation(rows(), accuracy(), perClass(), logLoss, brierScore, matrix());
    }
}
