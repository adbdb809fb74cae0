package io.mlcycle.jobs.evaluate;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.config.EvaluationSettings;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.jobs.evaluate.fairness.FairnessMetrics;
import io.mlcycle.jobs.evaluate.fairness.FairnessReport;
import io.mlcycle.jobs.evaluate.fairness.SliceMetrics;
import io.mlcycle.jobs.evaluate.fairness.SliceSpec;
import io.mlcycle.jobs.evaluate.fairness.SlicedMetrics;
import io.mlcycle.jobs.evaluate.robustness.RobustnessSpec;
import io.mlcycle.jobs.report.EvaluationCharts;
import io.mlcycle.jobs.report.PredictedActual;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Evaluates a fitted model on its held-out test rows in one call: the task's headline metrics under MLflow names
 * ({@code test_*}, see {@link TestMetrics}), bootstrap intervals of them ({@code test_<metric>_ci_lower/_ci_upper}),
 * metrics per slice of the configured segments and fairness per sensitive attribute (binary), the robustness check, and
 * the charts as PNG. {@link #testMetrics} gives the headline metrics alone, under the same names, for scoring the
 * current champion on the same rows.
 *
 * <p>The test rows are scored once; the scored rows, narrowed to the columns the evaluation reads, are cached for the
 * dozen aggregations that follow and released at the end. The driver holds per-score or per-cell summaries, never the
 * rows, except the capped samples of a regression (bootstrap and scatter charts).
 */
public final class ModelEvaluation {
    static final String PREFIX = TestMetrics.PREFIX;

    private ModelEvaluation() {}

    /** The headline test metrics only (no intervals, slices, fairness, robustness or charts): one scoring, one aggregation. */
    public static Map<String, Double> testMetrics(EvaluationInput input) {
        Scoring scoring = Scoring.of(input);
        Dataset<Row> scored = scoring.score(input.testRows());
        return switch (input.task()) {
            case BINARY -> binaryHeadline(BinaryMetrics.evaluate(scored, scoring.columns(), atOrAbove(input.decision().orElseThrow())),
                    input.decision().orElseThrow());
            case MULTICLASS -> MulticlassMetrics.evaluate(scored, scoring.columns()).asMetrics(PREFIX);
            case REGRESSION -> RegressionMetrics.evaluate(scored, scoring.columns()).asMetrics(PREFIX);
        };
    }

    /** Everything: metrics, intervals, slices, fairness, robustness and charts. */
    public static EvaluationResult evaluate(EvaluationInput input) {
        Scoring scoring = Scoring.of(input);
        Dataset<Row> scored = scoring.score(input.testRows()).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return switch (input.task()) {
                case BINARY -> binary(input, scoring, scored);
                case MULTICLASS -> multiclass(input, scoring, scored);
                case REGRESSION -> regression(input, scoring, scored);
            };
        } finally {
            scored.unpersist();
        }
    }

    private static EvaluationResult binary(EvaluationInput input, Scoring scoring, Dataset<Row> scored) {
        BinaryDecision decision = input.decision().orElseThrow();
        EvaluationSettings settings = input.settings();
        ScoreTable table = BinaryMetrics.scoreTable(scored, scoring.columns());
        BinaryMetrics.requireRows(table);
        BinaryEvaluation evaluation = BinaryEvaluation.of(table, atOrAbove(decision));
        Map<String, Double> metrics = new LinkedHashMap<>(binaryHeadline(evaluation, decision));
        BootstrapIntervals intervals = definedFor(decision, Bootstrap.binary(table, atOrAbove(decision), bootstrap(input)));
        metrics.putAll(intervals.asMetrics(PREFIX));
        double threshold = scoring.pieceThreshold();
        List<SliceMetrics> slices = SlicedMetrics.of(scored, sliceSpecs(settings), threshold, settings.minSliceRows());
        slices.forEach(slice -> metrics.putAll(slice.asMetrics(PREFIX)));
        List<FairnessReport> fairness = FairnessMetrics.of(scored, input.dataset().sensitiveAttributes(), threshold, settings.minGroupRows());
        fairness.forEach(report -> metrics.putAll(report.asMetrics(PREFIX)));
        List<RobustnessRow> robustness = List.of();
        if (settings.robustness().enabled()) {
            TaskRobustness.Outcome outcome = TaskRobustness.binary(scoring, scored, input.testRows(), input.dataset(), robustnessSpec(input), threshold);
            metrics.putAll(outcome.metrics());
            robustness = outcome.rows();
        }
        Map<String, byte[]> charts = BinaryCharts.draw(table, evaluation.confusion(), decision, settings.calibrationBins());
        charts.putAll(importanceChart(input));
        return new EvaluationResult(TaskType.BINARY, metrics, intervals, slices, fairness, robustness, charts);
    }

    private static EvaluationResult multiclass(EvaluationInput input, Scoring scoring, Dataset<Row> scored) {
        MulticlassEvaluation evaluation = MulticlassMetrics.evaluate(scored, scoring.columns());
        Map<String, Double> metrics = new LinkedHashMap<>(evaluation.asMetrics(PREFIX));
        BootstrapIntervals intervals = Bootstrap.multiclass(scored, scoring.columns(), bootstrap(input));
        metrics.putAll(intervals.asMetrics(PREFIX));
        List<RobustnessRow> robustness = List.of();
        if (input.settings().robustness().enabled()) {
            TaskRobustness.Outcome outcome = TaskRobustness.other(TaskType.MULTICLASS, scoring, input.testRows(), input.dataset(), robustnessSpec(input),
                    rows -> multiclassRobustnessMetrics(MulticlassMetrics.evaluate(rows, scoring.columns())), multiclassRobustnessMetrics(evaluation));
            metrics.putAll(outcome.metrics());
            robustness = outcome.rows();
        }
        ConfusionMatrix confusion = evaluation.confusion();
        long[][] counts = confusion.counts().stream().map(row -> row.stream().mapToLong(Long::longValue).toArray()).toArray(long[][]::new);
        Map<String, byte[]> charts = new LinkedHashMap<>();
        charts.put(EvaluationResult.CONFUSION_MATRIX, EvaluationCharts.standard()
                .confusionMatrix(confusion.labels().stream().map(MetricNames::classKey).toList(), counts).png());
        charts.putAll(importanceChart(input));
        return new EvaluationResult(TaskType.MULTICLASS, metrics, intervals, List.of(), List.of(), robustness, charts);
    }

    private static EvaluationResult regression(EvaluationInput input, Scoring scoring, Dataset<Row> scored) {
        RegressionEvaluation evaluation = RegressionMetrics.evaluate(scored, scoring.columns());
        Map<String, Double> metrics = new LinkedHashMap<>(evaluation.asMetrics(PREFIX));
        BootstrapIntervals intervals = Bootstrap.regression(scored, scoring.columns(), RegressionMetrics.DEFAULT_MAPE_EPSILON, bootstrap(input));
        metrics.putAll(intervals.asMetrics(PREFIX));
        List<RobustnessRow> robustness = List.of();
        if (input.settings().robustness().enabled()) {
            TaskRobustness.Outcome outcome = TaskRobustness.other(TaskType.REGRESSION, scoring, input.testRows(), input.dataset(), robustnessSpec(input),
                    rows -> regressionRobustnessMetrics(RegressionMetrics.evaluate(rows, scoring.columns())), regressionRobustnessMetrics(evaluation));
            metrics.putAll(outcome.metrics());
            robustness = outcome.rows();
        }
        List<PredictedActual> sample = chartSample(scored, evaluation.rows(), input.settings().chartSampleRows(), input.seed());
        Map<String, byte[]> charts = new LinkedHashMap<>();
        if (!sample.isEmpty()) {
            charts.put(EvaluationResult.RESIDUALS, EvaluationCharts.standard().residuals(sample).png());
            charts.put(EvaluationResult.PREDICTED_VS_ACTUAL, EvaluationCharts.standard().predictedVersusActual(sample).png());
        }
        charts.putAll(importanceChart(input));
        return new EvaluationResult(TaskType.REGRESSION, metrics, intervals, List.of(), List.of(), robustness, charts);
    }

    /**
     * A binary evaluation's metrics; {@code test_threshold} is the model's own threshold (positive above it), and a margin
     * model has no log loss or Brier score (its score is no probability).
     */
    private static Map<String, Double> binaryHeadline(BinaryEvaluation evaluation, BinaryDecision decision) {
        Map<String, Double> metrics = new LinkedHashMap<>(evaluation.asMetrics(PREFIX));
        metrics.put(PREFIX + "threshold", decision.threshold());
        if (!decision.probabilistic()) {
            metrics.remove(PREFIX + "log_loss");
            metrics.remove(PREFIX + "brier");
        }
        return metrics;
    }

    /** BinaryMetrics counts a score at or above its threshold as positive; the model only above it: the next double up. */
    private static ChosenThreshold atOrAbove(BinaryDecision decision) {
        return ChosenThreshold.fixed(Math.nextUp(decision.threshold()));
    }

    private static BootstrapIntervals definedFor(BinaryDecision decision, BootstrapIntervals intervals) {
        if (decision.probabilistic()) {
            return intervals;
        }
        return new BootstrapIntervals(intervals.intervals().stream()
                .filter(interval -> !List.of("log_loss", "brier").contains(interval.metric())).toList(), intervals.resampledRows());
    }

    private static Map<String, Double> multiclassRobustnessMetrics(MulticlassEvaluation evaluation) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", evaluation.accuracy());
        metrics.put("f1_weighted", evaluation.f1Weighted());
        metrics.put("f1_macro", evaluation.f1Macro());
        return metrics;
    }

    private static Map<String, Double> regressionRobustnessMetrics(RegressionEvaluation evaluation) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", evaluation.rmse());
        metrics.put("mae", evaluation.mae());
        metrics.put("r2", evaluation.r2());
        return metrics;
    }

    private static List<SliceSpec> sliceSpecs(EvaluationSettings settings) {
        return settings.segments().stream()
                .map(segment -> segment.bucketed() ? SliceSpec.numeric(segment.column(), segment.edges()) : SliceSpec.categorical(segment.column()))
                .toList();
    }

    private static BootstrapSettings bootstrap(EvaluationInput input) {
        EvaluationSettings.Bootstrap bootstrap = input.settings().bootstrap();
        return new BootstrapSettings(bootstrap.replicates(), bootstrap.level(), input.seed(), bootstrap.maxCollectedRows());
    }

    private static RobustnessSpec robustnessSpec(EvaluationInput input) {
        EvaluationSettings.Robustness robustness = input.settings().robustness();
        return new RobustnessSpec(robustness.noiseScale(), robustness.missingShare(), input.seed());
    }

    private static Map<String, byte[]> importanceChart(EvaluationInput input) {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        if (!input.featureImportances().isEmpty()) {
            charts.put(EvaluationResult.FEATURE_IMPORTANCE, EvaluationCharts.standard().featureImportance(input.featureImportances()).png());
        }
        return charts;
    }

    /** A seeded sample of at most {@code size} (prediction, label) pairs for the scatter charts. */
    private static List<PredictedActual> chartSample(Dataset<Row> scored, long rows, int size, long seed) {
        Dataset<Row> pairs = scored.select(col(Scoring.PREDICTION).cast("double"), col(FeatureFrames.LABEL_COLUMN).cast("double")).na().drop();
        if (rows > size) {
            pairs = pairs.sample(false, Math.min(1.0, 1.1 * size / rows), seed);
        }
        List<PredictedActual> sample = new ArrayList<>();
        for (Row row : pairs.limit(size).collectAsList()) {
            if (Double.isFinite(row.getDouble(0)) && Double.isFinite(row.getDouble(1))) {
                sample.add(new PredictedActual(row.getDouble(0), row.getDouble(1)));
            }
        }
        return sample;
    }
}
