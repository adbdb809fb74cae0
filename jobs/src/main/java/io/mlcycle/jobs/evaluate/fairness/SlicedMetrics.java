package io.mlcycle.jobs.evaluate.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics per slice of a scored test set, for each configured segment column. Two aggregations per column (counts,
 * then AUC-ROC) whatever the number of slices; cache the scored rows when slicing by many columns.
 */
public final class SlicedMetrics {
    private SlicedMetrics() {}

    /**
     * @param minRows slices with fewer rows are flagged too small ({@link SliceMetrics#tooSmall()})
     * @return per column in the order given, its slices: buckets ascending or categories sorted, {@value SliceSpec#MISSING} last
     */
    public static List<SliceMetrics> of(Dataset<Row> scored, List<SliceSpec> slices, double decisionThreshold, long minRows) {
        ScoredRows.requireScored(scored);
        ScoredRows.requireThreshold(decisionThreshold);
        if (minRows < 1) {
            throw new IllegalArgumentException("Cannot slice with a minimum of " + minRows + " rows per slice: it must be at least 1.");
        }
        List<SliceMetrics> metrics = new ArrayList<>();
        for (SliceSpec slice : slices) {
            metrics.addAll(ofColumn(scored, slice, decisionThreshold, minRows));
        }
        return List.copyOf(metrics);
    }

    private static List<SliceMetrics> ofColumn(Dataset<Row> scored, SliceSpec spec, double decisionThreshold, long minRows) {
        Column label = spec.sliceLabel(scored);
        Map<String, GroupCounts> counts = GroupedScores.counts(scored, label, decisionThreshold);
        Map<String, Double> auc = GroupedScores.aucRoc(scored, label);
        List<String> ordered = counts.keySet().stream().sorted(spec.sliceOrder()).toList();
        List<String> keys = MetricKeys.uniqueKeys(ordered.stream().map(spec::keyOf).toList());
        List<SliceMetrics> metrics = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            String slice = ordered.get(i);
            OptionalDouble sliceAuc = auc.containsKey(slice) ? OptionalDouble.of(auc.get(slice)) : OptionalDouble.empty();
            metrics.add(SliceMetrics.of(spec.column(), keys.get(i), counts.get(slice), sliceAuc, minRows));
        }
        return metrics;
    }
}
