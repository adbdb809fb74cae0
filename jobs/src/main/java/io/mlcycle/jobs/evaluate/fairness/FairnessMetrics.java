package io.mlcycle.jobs.evaluate.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Group fairness of scored binary-classification rows across each sensitive attribute ({@code DatasetSpec.sensitiveAttributes()}).
 * A missing attribute value is its own group, {@value SliceSpec#MISSING}. One aggregation per attribute.
 */
public final class FairnessMetrics {
    private FairnessMetrics() {}

    /** One report per attribute, in the order given; see {@link FairnessReport} for the definitions. */
    public static List<FairnessReport> of(Dataset<Row> scored, List<String> sensitiveAttributes, double decisionThreshold, long minGroupRows) {
        ScoredRows.requireScored(scored);
        ScoredRows.requireThreshold(decisionThreshold);
        if (minGroupRows < 1) {
            throw new IllegalArgumentException("Cannot compare groups with a minimum of " + minGroupRows + " rows per group: it must be at least 1.");
        }
        List<FairnessReport> reports = new ArrayList<>();
        for (String attribute : sensitiveAttributes) {
            reports.add(ofAttribute(scored, attribute, decisionThreshold, minGroupRows));
        }
        return List.copyOf(reports);
    }

    private static FairnessReport ofAttribute(Dataset<Row> scored, String attribute, double decisionThreshold, long minGroupRows) {
        SliceSpec spec = SliceSpec.categorical(attribute);
        Column group = spec.sliceLabel(scored);
        Map<String, GroupCounts> counts = GroupedScores.counts(scored, group, decisionThreshold);
        List<String> names = counts.keySet().stream().sorted(spec.sliceOrder()).toList();
        List<String> keys = MetricKeys.uniqueKeys(names.stream().map(spec::keyOf).toList());
        List<GroupRates> groups = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            groups.add(new GroupRates(names.get(i), keys.get(i), counts.get(names.get(i)), minGroupRows));
        }
        return FairnessReport.of(attribute, minGroupRows, groups);
    }
}
