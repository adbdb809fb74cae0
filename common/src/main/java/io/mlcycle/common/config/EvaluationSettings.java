package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a trained model is evaluated on the held-out test rows ({@code mlcycle.evaluation}): bootstrap intervals of the
 * headline metrics, the segments metrics are sliced by, the group size below which fairness ignores a group, and how
 * hard the robustness check perturbs the rows. The sensitive attributes come from {@code mlcycle.dataset.sensitive-attributes}.
 *
 * @param segments columns the metrics are sliced by: categorical (one slice per value) or numeric bucketed by edges
 * @param minSliceRows slices with fewer rows are reported but flagged too small
 * @param minGroupRows groups of a sensitive attribute with fewer rows are reported but left out of the fairness gaps
 * @param calibrationBins equal-width probability bins of the calibration chart
 * @param chartSampleRows rows sampled for the regression scatter charts (residuals, predicted versus actual)
 */
public record EvaluationSettings(Bootstrap bootstrap, List<Segment> segments, long minSliceRows, long minGroupRows,
        Robustness robustness, int calibrationBins, int chartSampleRows) {
    private static final String KEY = "mlcycle.evaluation";

    /**
     * @param replicates Poisson-bootstrap resamples of the test rows
     * @param level confidence level of the percentile intervals
     * @param maxCollectedRows cap on the (label, prediction) pairs a regression bootstrap collects to the driver
     */
    public record Bootstrap(int replicates, double level, int maxCollectedRows) {}

    /** A column to slice by; {@code edges} empty for a categorical column, ascending bucket edges for a numeric one. */
    public record Segment(String column, List<Double> edges) {
        public Segment {
            requireNonNull(column, "column is null");
            edges = List.copyOf(edges);
        }

        public boolean bucketed() {
            return !edges.isEmpty();
        }
    }

    /**
     * @param enabled false skips the robustness check (it scores the test rows twice more)
     * @param noiseScale Gaussian noise on numeric features, in multiples of each column's standard deviation
     * @param missingShare share of feature cells set to missing
     */
    public record Robustness(boolean enabled, double noiseScale, double missingShare) {}

    public EvaluationSettings {
        requireNonNull(bootstrap, "bootstrap is null");
        segments = List.copyOf(segments);
        requireNonNull(robustness, "robustness is null");
    }

    public static EvaluationSettings read(ConfigReader reader) {
        reader.object(KEY).ifPresent(block -> block.rejectUnknownKeys(
                "bootstrap", "segments", "min-slice-rows", "fairness", "robustness", "calibration-bins", "chart-sample-rows"));
        reader.object(KEY + ".bootstrap").ifPresent(block -> block.rejectUnknownKeys("replicates", "level", "max-collected-rows"));
        reader.object(KEY + ".fairness").ifPresent(block -> block.rejectUnknownKeys("min-group-rows"));
        reader.object(KEY + ".robustness").ifPresent(block -> block.rejectUnknownKeys("enabled", "noise-scale", "missing-share"));
        Bootstrap bootstrap = new Bootstrap(
                reader.intInRangeOr(KEY + ".bootstrap.replicates", 2, 100_000, 200),
                reader.has(KEY + ".bootstrap.level") ? reader.doubleInRange(KEY + ".bootstrap.level", 0.5, 0.999) : 0.95,
                reader.intInRangeOr(KEY + ".bootstrap.max-collected-rows", 1_000, 50_000_000, 1_000_000));
        Robustness robustness = new Robustness(
                reader.booleanOr(KEY + ".robustness.enabled", true),
                reader.has(KEY + ".robustness.noise-scale") ? reader.doubleInRange(KEY + ".robustness.noise-scale", 0.0, 10.0) : 0.1,
                reader.has(KEY + ".robustness.missing-share") ? reader.doubleInRange(KEY + ".robustness.missing-share", 0.0, 1.0) : 0.1);
        return new EvaluationSettings(bootstrap, segments(reader),
                reader.intInRangeOr(KEY + ".min-slice-rows", 1, Integer.MAX_VALUE, 30),
                reader.intInRangeOr(KEY + ".fairness.min-group-rows", 1, Integer.MAX_VALUE, 30),
                robustness,
                reader.intInRangeOr(KEY + ".calibration-bins", 2, 100, 10),
                reader.intInRangeOr(KEY + ".chart-sample-rows", 100, 1_000_000, 5_000));
    }

    /** Checks that fit the dataset: every segment is a column of its schema (or one the features stage adds), bucketed ones numeric. */
    public void checkAgainst(DatasetSpec dataset, ConfigReader reader) {
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            String key = KEY + ".segments[" + i + "]";
            Optional<ColumnSpec> column = dataset.column(segment.column());
            boolean added = dataset.featureSpec().addedColumns().contains(segment.column());
            reader.check(column.isPresent() || added, key + ".column", "'" + segment.column() + "'",
                    "a column of mlcycle.dataset.schema or one the features stage adds");
            reader.check(!segment.bucketed() || column.map(c -> c.type().numeric()).orElse(true), key + ".edges", segment.edges().toString(),
                    "no edges: '" + segment.column() + "' is not numeric, so slice it by its values");
        }
    }

    private static List<Segment> segments(ConfigReader reader) {
        List<Segment> segments = new ArrayList<>();
        for (ConfigReader element : reader.objectList(KEY + ".segments", "column")) {
            element.rejectUnknownKeys("column", "edges");
            String column = element.nonBlankString("column");
            List<Double> edges = element.doubleListOr("edges", List.of());
            boolean increasing = edges.stream().allMatch(Double::isFinite);
            for (int i = 1; i < edges.size(); i++) {
                increasing &= edges.get(i) > edges.get(i - 1);
            }
            element.check(increasing, "edges", edges.toString(), "finite, strictly increasing bucket edges such as [30, 50, 70]");
            element.check(!element.has("edges") || !edges.isEmpty(), "edges", "[]",
                    "at least one edge; leave edges out to slice by the column's values");
            segments.add(new Segment(column, increasing ? edges : List.of()));
        }
        return segments;
    }
}
