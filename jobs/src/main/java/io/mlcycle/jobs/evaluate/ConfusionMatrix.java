package io.mlcycle.jobs.evaluate;

import java.util.List;
import java.util.Objects;

/**
 * A multiclass confusion matrix: {@code counts.get(i).get(j)} rows have true label {@code labels.get(i)} and
 * prediction {@code labels.get(j)}. The labels are every value seen as a label or a prediction, ascending.
 */
public record ConfusionMatrix(List<Double> labels, List<List<Long>> counts) {
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        counts = counts.stream().map(List::copyOf).toList();
        int classes = labels.size();
        if (counts.size() != classes || counts.stream().anyMatch(row -> row.size() != classes)) {
            throw new IllegalArgumentException("Cannot build a confusion matrix: " + labels.size() + " labels but counts "
                    + counts);
        }
    }

    static ConfusionMatrix of(double[] labels, long[][] counts) {
        List<Double> labelList = java.util.Arrays.stream(labels).boxed().toList();
        List<List<Long>> rows = java.util.Arrays.stream(counts)
                .map(row -> java.util.Arrays.stream(row).boxed().toList())
                .toList();
        return new ConfusionMatrix(labelList, rows);
    }

    public long count(double label, double prediction) {
        int row = labels.indexOf(label);
        int column = labels.indexOf(prediction);
        return row < 0 || column < 0 ? 0 : Objects.requireNonNull(counts.get(row).get(column));
    }
}
