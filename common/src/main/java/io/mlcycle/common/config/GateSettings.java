package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.TaskType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The promotion gate ({@code mlcycle.gate}): what a newly trained model must reach on the test rows before it may become
 * champion. Every check is recorded (as MLflow tags and in the evaluation report); a failed one blocks promotion.
 *
 * @param metricBounds test metric (named as {@code mlcycle.train.selection-metric}) → bound it must reach: a minimum for
 *     metrics where larger is better, a maximum for rmse, mae and log-loss ({@link TrainSettings#largerIsBetter})
 * @param maxFairnessGaps largest gap allowed across the groups of each sensitive attribute (binary tasks); a gap not
 *     listed is not checked
 * @param minDisparateImpactRatio smallest ratio of the lowest to the highest selection rate across groups (binary; 0 = not checked)
 * @param minImprovement how much better than the champion, on the same test rows, in the selection metric, the model must
 *     be (in the metric's better direction; 0 = at least as good, negative = may be that much worse)
 */
public record GateSettings(Map<String, Double> metricBounds, Map<FairnessGap, Double> maxFairnessGaps, double minDisparateImpactRatio,
        double minImprovement) {
    private static final String KEY = "mlcycle.gate";

    /** A fairness gap the gate bounds; {@link #configName} is its key under {@code max-fairness-gaps}. */
    public enum FairnessGap {
        DEMOGRAPHIC_PARITY_DIFFERENCE,
        EQUAL_OPPORTUNITY_DIFFERENCE;

        public String configName() {
            return ConfigReader.kebab(this);
        }
    }

    public GateSettings {
        metricBounds = Collections.unmodifiableMap(new LinkedHashMap<>(metricBounds));
        EnumMap<FairnessGap, Double> gaps = new EnumMap<>(FairnessGap.class);
        gaps.putAll(requireNonNull(maxFairnessGaps, "maxFairnessGaps is null"));
        maxFairnessGaps = Collections.unmodifiableMap(gaps);
    }

    public static GateSettings read(ConfigReader reader) {
        reader.object(KEY).ifPresent(block -> block.rejectUnknownKeys(
                "metric-bounds", "max-fairness-gaps", "min-disparate-impact-ratio", "min-improvement"));
        Map<String, Double> bounds = new LinkedHashMap<>();
        reader.stringMapOr(KEY + ".metric-bounds").forEach((metric, text) -> {
            String key = KEY + ".metric-bounds." + metric;
            reader.check(allMetrics().contains(metric), key, "'" + text + "'",
                    "a metric name of mlcycle.train.selection-metric: one of " + allMetrics());
            Double bound = number(text);
            reader.check(bound != null, key, "'" + text + "'", "a finite number");
            if (bound != null) {
                bounds.put(metric, bound);
            }
        });
        reader.object(KEY + ".max-fairness-gaps").ifPresent(block -> block.rejectUnknownKeys(
                FairnessGap.DEMOGRAPHIC_PARITY_DIFFERENCE.configName(), FairnessGap.EQUAL_OPPORTUNITY_DIFFERENCE.configName()));
        Map<FairnessGap, Double> gaps = new EnumMap<>(FairnessGap.class);
        for (FairnessGap gap : FairnessGap.values()) {
            String key = KEY + ".max-fairness-gaps." + gap.configName();
            if (reader.has(key)) {
                gaps.put(gap, reader.doubleInRange(key, 0.0, 1.0));
            }
        }
        return new GateSettings(bounds, gaps,
                reader.has(KEY + ".min-disparate-impact-ratio") ? reader.doubleInRange(KEY + ".min-disparate-impact-ratio", 0.0, 1.0) : 0.0,
                reader.has(KEY + ".min-improvement") ? reader.doubleInRange(KEY + ".min-improvement", -1e9, 1e9) : 0.0);
    }

    /** Checks that fit the task: every bounded metric is one of its metrics. */
    public void checkAgainst(TaskType task, ConfigReader reader) {
        metricBounds.forEach((metric, bound) -> reader.check(TrainSettings.selectionMetrics(task).contains(metric),
                KEY + ".metric-bounds." + metric, String.valueOf(bound),
                "a metric of a " + task.name().toLowerCase(Locale.ROOT) + " task: " + TrainSettings.selectionMetrics(task)));
    }

    private static Double number(String text) {
        try {
            double value = Double.parseDouble(text == null ? "" : text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static TreeSet<String> allMetrics() {
        TreeSet<String> metrics = new TreeSet<>();
        for (TaskType task : TaskType.values()) {
            metrics.addAll(TrainSettings.selectionMetrics(task));
        }
        return metrics;
    }
}
