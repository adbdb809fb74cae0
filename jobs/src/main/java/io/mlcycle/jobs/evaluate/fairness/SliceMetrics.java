package io.mlcycle.jobs.evaluate.fairness;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The metrics of one slice of the scored rows. A metric that is undefined on the slice is empty, with the reason in
 * {@link #notes()}: precision without predicted positives, recall without positive labels, F1 when either is, AUC-ROC
 * unless the slice has both classes. (The headline {@code ClassificationMetrics} reports 0 there; on a slice an empty
 * value is the honest one, as a recall of 0 would read as "the model missed every positive".)
 *
 * @param column the sliced column
 * @param slice the slice's label: a category, a bucket such as {@code [25, 40)}, or {@value SliceSpec#MISSING}
 * @param key the slice's metric-key part ({@link SliceSpec#keyOf})
 * @param labelPositiveRate the share of rows labelled 1
 * @param predictedPositiveRate the share of rows predicted 1
 * @param minRows slices with fewer rows are {@link #tooSmall()}: their figures are reported but not to be relied on
 */
public record SliceMetrics(
        String column,
        String slice,
        String key,
        long rows,
        double labelPositiveRate,
        double predictedPositiveRate,
        double accuracy,
        OptionalDouble precision,
        OptionalDouble recall,
        OptionalDouble f1,
        OptionalDouble aucRoc,
        long minRows,
        List<String> notes) {
    public SliceMetrics {
        requireNonNull(column, "column is null");
        requireNonNull(slice, "slice is null");
        requireNonNull(key, "key is null");
        requireNonNull(precision, "precision is null");
        requireNonNull(recall, "recall is null");
        requireNonNull(f1, "f1 is null");
        requireNonNull(aucRoc, "aucRoc is null");
        notes = List.copyOf(notes);
    }

    /** The metrics of a slice from its counts and its AUC-ROC (empty when the slice lacks a class). */
    public static SliceMetrics of(String column, String key, GroupCounts counts, OptionalDouble aucRoc, long minRows) {
        List<String> notes = new ArrayList<>();
        long rows = counts.rows();
        if (rows < minRows) {
            notes.add("too small: " + rows + " rows, fewer than the minimum of " + minRows);
        }
        OptionalDouble precision = ratio(counts.truePositives(), counts.predictedPositives());
        if (precision.isEmpty()) {
            notes.add("precision undefined: no predicted positives");
        }
        OptionalDouble recall = ratio(counts.truePositives(), counts.positives());
        if (recall.isEmpty()) {
            notes.add("recall undefined: no positive labels");
        }
        if (aucRoc.isEmpty()) {
            notes.add("auc_roc undefined: the slice has one class only (" + counts.positives() + " positive, "
                    + counts.negatives() + " negative rows)");
        }
        return new SliceMetrics(column, counts.group(), key, rows, (double) counts.positives() / rows,
                (double) counts.predictedPositives() / rows, (double) (counts.truePositives() + counts.trueNegatives()) / rows,
                precision, recall, f1(precision, recall), aucRoc, minRows, notes);
    }

    public boolean tooSmall() {
        return rows < minRows;
    }

    /**
     * The slice's metrics as {@code <prefix>slice_<column>_<key>_<metric>}, e.g. {@code slice_age_25_to_40_f1};
     * undefined metrics are left out (MLflow has no null), {@code too_small} is 1 or 0.
     */
    public Map<String, Double> asMetrics(String prefix) {
        String base = prefix + "slice_" + MetricKeys.sanitize(column) + "_" + key + "_";
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(base + "rows", (double) rows);
        metrics.put(base + "label_positive_rate", labelPositiveRate);
        metrics.put(base + "predicted_positive_rate", predictedPositiveRate);
        metrics.put(base + "accuracy", accuracy);
        precision.ifPresent(value -> metrics.put(base + "precision", value));
        recall.ifPresent(value -> metrics.put(base + "recall", value));
        f1.ifPresent(value -> metrics.put(base + "f1", value));
        aucRoc.ifPresent(value -> metrics.put(base + "auc_roc", value));
        metrics.put(base + "too_small", tooSmall() ? 1.0 : 0.0);
        return metrics;
    }

    private static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }

    private static OptionalDouble f1(OptionalDouble precision, OptionalDouble recall) {
        if (precision.isEmpty() || recall.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = precision.getAsDouble() + recall.getAsDouble();
        return OptionalDouble.of(sum == 0 ? 0.0 : 2 * precision.getAsDouble() * recall.getAsDouble() / sum);
    }
}
