package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import io.mlcycle.jobs.report.Chart.LegendEntry;
import io.mlcycle.jobs.report.Chart.LegendPosition;
import io.mlcycle.jobs.report.Chart.Mark;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Point2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The charts of a model evaluation, drawn from plain values the caller computed (curve points, counts, sampled
 * predictions). Each method validates its input, draws one {@link Chart}, and gives the same pixels for the same
 * input.
 */
public final class EvaluationCharts {
    public static final int DEFAULT_TOP_FEATURES = 20;

    private static final Color POINT_COLOR = new Color(0x1F, 0x77, 0xB4, 110);
    private static final Color COUNT_BAR = new Color(0x9E, 0xC5, 0xE3);
    private static final int MAX_CLASSES = 40;
    private static final int MAX_CANDIDATES = 40;

    private final int width;
    private final int height;

    private EvaluationCharts(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Charts of {@value Chart#DEFAULT_WIDTH}x{@value Chart#DEFAULT_HEIGHT} pixels. */
    public static EvaluationCharts standard() {
        return new EvaluationCharts(Chart.DEFAULT_WIDTH, Chart.DEFAULT_HEIGHT);
    }

    public static EvaluationCharts ofSize(int width, int height) {
        return new EvaluationCharts(width, height);
    }

    /**
     * The ROC curve from (false positive rate, true positive rate) points in order of decreasing threshold, with its
     * area (trapezoids) in the legend and the diagonal of a random ranking.
     */
    public Chart roc(List<double[]> points) {
        Curve curve = Curve.of("ROC curve", "false positive rate", "true positive rate", points);
        Chart chart = Chart.titled("ROC curve", width, height);
        Plot plot = chart.plot(chart.plotArea(), Axis.unit("False positive rate"), Axis.unit("True positive rate")).axes();
        plot.referenceLine(0, 0, 1, 1);
        plot.line(curve.xs(), curve.ys(), ChartStyle.BLUE);
        // off the diagonal: below it for a useful model, above it for one that ranks worse than random
        List<LegendPosition> corners = List.of(LegendPosition.LOWER_RIGHT, LegendPosition.UPPER_LEFT);
        return chart.legendAvoiding(plot.area(), corners, plot.pixelPath(curve.xs(), curve.ys()), List.of(
                new LegendEntry("Model (AUC = " + decimal(curve.area()) + ")", ChartStyle.BLUE, Mark.LINE),
                new LegendEntry("Random (AUC = 0.500)", ChartStyle.REFERENCE, Mark.REFERENCE_LINE)));
    }

    /**
     * The precision-recall curve from (recall, precision) points in order of decreasing threshold, with its area
     * (trapezoids) in the legend and the precision of a random ranking, {@code positiveRate}, as the baseline.
     */
    public Chart precisionRecall(List<double[]> points, double positiveRate) {
        Curve curve = Curve.of("precision-recall curve", "recall", "precision", points);
        if (!(positiveRate >= 0 && positiveRate <= 1)) {
            throw new IllegalArgumentException("Cannot draw a precision-recall baseline at positive rate " + positiveRate + ": need 0 to 1");
        }
        Chart chart = Chart.titled("Precision-recall curve", width, height);
        Plot plot = chart.plot(chart.plotArea(), Axis.unit("Recall"), Axis.unit("Precision")).axes();
        plot.referenceLine(0, positiveRate, 1, positiveRate);
        plot.line(curve.xs(), curve.ys(), ChartStyle.BLUE);
        List<Point2D> drawn = new ArrayList<>(plot.pixelPath(curve.xs(), curve.ys()));
        drawn.addAll(plot.pixelPath(new double[] {0, 1}, new double[] {positiveRate, positiveRate}));
        List<LegendPosition> corners = List.of(LegendPosition.UPPER_RIGHT, LegendPosition.LOWER_LEFT, LegendPosition.LOWER_RIGHT, LegendPosition.UPPER_LEFT);
        return chart.legendAvoiding(plot.area(), corners, drawn, List.of(
                new LegendEntry("Model (AUC-PR = " + decimal(curve.area()) + ")", ChartStyle.BLUE, Mark.LINE),
                new LegendEntry("Random (positive rate = " + decimal(positiveRate) + ")", ChartStyle.REFERENCE, Mark.REFERENCE_LINE)));
    }

    /**
     * The confusion matrix: {@code counts[t][p]} rows of true class {@code t} predicted as {@code p}. Each cell shows
     * its count and its share of the true class's rows; its colour is that share, so a rare class's recall reads as
     * clearly as a common one's.
     */
    public Chart confusionMatrix(List<String> classNames, long[][] counts) {
        ConfusionMatrix matrix = ConfusionMatrix.of(classNames, counts, MAX_CLASSES);
        Chart chart = Chart.titled("Confusion matrix", width, height)
                .note("Cells: count and share of the true class; colour: share of the true class");
        new ConfusionMatrixDrawing(chart, matrix).draw();
        return chart;
    }

    /**
     * The reliability diagram: observed frequency of positives against mean predicted probability per bin, the
     * diagonal of perfect calibration, and the rows per bin as bars below.
     */
    public Chart calibration(List<CalibrationBin> bins) {
        List<CalibrationBin> nonEmpty = checkedBins(bins).stream().filter(b -> b.count() > 0).toList();
        Chart chart = Chart.titled("Calibration (reliability diagram)", width, height);
        Rectangle area = chart.plotArea();
        int curveHeight = (int) Math.round(area.height * 0.68);
        Rectangle top = new Rectangle(area.x, area.y, area.width, curveHeight);
        Rectangle bottom = new Rectangle(area.x, area.y + curveHeight + 14, area.width, area.height - curveHeight - 14);
        Plot curve = chart.plot(top, Axis.unit(""), Axis.unit("Observed frequency")).grid();
        curve.frame().yTicks().referenceLine(0, 0, 1, 1);
        double[] xs = nonEmpty.stream().mapToDouble(CalibrationBin::meanPredicted).toArray();
        double[] ys = nonEmpty.stream().mapToDouble(CalibrationBin::observedFrequency).toArray();
        curve.line(xs, ys, ChartStyle.BLUE).points(xs, ys, 4.5, ChartStyle.BLUE);
        long maxCount = bins.stream().mapToLong(CalibrationBin::count).max().orElse(0);
        Plot histogram = chart.plot(bottom, Axis.unit("Mean predicted probability"), Axis.covering("Rows", 0, Math.max(1, maxCount * 1.08)));
        histogram.axes();
        for (CalibrationBin bin : bins) {
            histogram.verticalBar(bin.lower(), bin.upper(), 0, bin.count(), COUNT_BAR);
        }
        histogram.frame();
        List<LegendPosition> corners = List.of(LegendPosition.UPPER_LEFT, LegendPosition.LOWER_RIGHT);
        return chart.legendAvoiding(top, corners, curve.pixelPath(xs, ys), List.of(
                new LegendEntry("Model", ChartStyle.BLUE, Mark.LINE),
                new LegendEntry("Perfectly calibrated", ChartStyle.REFERENCE, Mark.REFERENCE_LINE)));
    }

    /** The {@value #DEFAULT_TOP_FEATURES} features with the largest absolute importance, as horizontal bars. */
    public Chart featureImportance(List<FeatureImportance> importances) {
        return featureImportance(importances, DEFAULT_TOP_FEATURES);
    }

    /** The {@code top} features with the largest absolute importance, largest first, as horizontal bars. */
    public Chart featureImportance(List<FeatureImportance> importances, int top) {
        requireNonNull(importances, "importances is null");
        if (importances.isEmpty()) {
            throw new IllegalArgumentException("Cannot draw feature importance without features: the list is empty");
        }
        if (top < 1) {
            throw new IllegalArgumentException("Cannot show the top " + top + " features: need 1 or more");
        }
        List<FeatureImportance> shown = importances.stream()
                .sorted(Comparator.comparingDouble((FeatureImportance f) -> -Math.abs(f.importance())).thenComparing(FeatureImportance::name))
                .limit(top)
                .toList();
        String title = shown.size() < importances.size()
                ? "Feature importance (top " + shown.size() + " of " + importances.size() + ")"
                : "Feature importance";
        Chart chart = Chart.titled(title, width, height);
        new FeatureImportanceDrawing(chart, shown).draw();
        return chart;
    }

    /**
     * The validation metric of every hyperparameter candidate as horizontal bars labelled like {@code random-forest #3},
     * in the order tried, the winner highlighted. Beyond {@value #MAX_CANDIDATES} candidates the first ones are shown,
     * and the winner always.
     */
    public Chart candidateComparison(CandidateComparison comparison) {
        requireNonNull(comparison, "comparison is null");
        List<CandidateScore> all = comparison.candidates();
        List<CandidateScore> shown = new ArrayList<>(all.subList(0, Math.min(all.size(), MAX_CANDIDATES)));
        if (!shown.contains(comparison.winnerScore())) {
            shown.set(shown.size() - 1, comparison.winnerScore());
        }
        String title = "Hyperparameter candidates: validation " + comparison.metric()
                + (shown.size() < all.size() ? " (" + shown.size() + " of " + all.size() + ")" : "");
        Chart chart = Chart.titled(title, width, height)
                .note("Winner: " + comparison.winnerScore().label() + " = " + CandidateComparison.value(comparison.winnerScore().validationMetric()));
        new CandidateComparisonDrawing(chart, shown, comparison.winnerScore()).draw();
        return chart;
    }

    /** Residuals (actual minus predicted) against predicted values, with the zero line. */
    public Chart residuals(List<PredictedActual> sample) {
        checkSample(sample);
        double[] predicted = sample.stream().mapToDouble(PredictedActual::predicted).toArray();
        double[] residuals = sample.stream().mapToDouble(PredictedActual::residual).toArray();
        Chart chart = Chart.titled("Residuals", width, height);
        Plot plot = chart.plot(chart.plotArea(), covering("Predicted value", predicted), covering("Residual (actual - predicted)", residuals));
        plot.axes().referenceLine(plot.xMin(), 0, plot.xMax(), 0).points(predicted, residuals, pointRadius(sample.size()), POINT_COLOR);
        return chart;
    }

    /** Predicted against actual values on equal axes, with the diagonal of perfect predictions. */
    public Chart predictedVersusActual(List<PredictedActual> sample) {
        checkSample(sample);
        double[] actual = sample.stream().mapToDouble(PredictedActual::actual).toArray();
        double[] predicted = sample.stream().mapToDouble(PredictedActual::predicted).toArray();
        double low = Math.min(min(actual), min(predicted));
        double high = Math.max(max(actual), max(predicted));
        Chart chart = Chart.titled("Predicted versus actual", width, height);
        Plot plot = chart.plot(chart.plotArea(), Axis.covering("Actual value", low, high), Axis.covering("Predicted value", low, high));
        plot.axes().referenceLine(plot.xMin(), plot.xMin(), plot.xMax(), plot.xMax());
        plot.points(actual, predicted, pointRadius(sample.size()), POINT_COLOR);
        List<LegendPosition> corners = List.of(LegendPosition.UPPER_LEFT, LegendPosition.LOWER_RIGHT);
        List<Point2D> points = IntStream.range(0, actual.length)
                .mapToObj(i -> (Point2D) new Point2D.Double(plot.pixelX(actual[i]), plot.pixelY(predicted[i]))).toList();
        return chart.legendAvoiding(plot.area(), corners, points, List.of(
                new LegendEntry("Rows (" + sample.size() + ")", POINT_COLOR, Mark.POINT),
                new LegendEntry("Perfect prediction", ChartStyle.REFERENCE, Mark.REFERENCE_LINE)));
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static List<CalibrationBin> checkedBins(List<CalibrationBin> bins) {
        requireNonNull(bins, "bins is null");
        if (bins.isEmpty()) {
            throw new IllegalArgumentException("Cannot draw a calibration curve without bins: the list is empty");
        }
        if (bins.stream().allMatch(b -> b.count() == 0)) {
            throw new IllegalArgumentException("Cannot draw a calibration curve: every bin is empty (were there no scored rows?)");
        }
        return bins;
    }

    private static void checkSample(List<PredictedActual> sample) {
        requireNonNull(sample, "sample is null");
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("Cannot draw regression predictions without rows: the sample is empty");
        }
    }

    private static Axis covering(String label, double[] values) {
        return Axis.covering(label, min(values), max(values));
    }

    private static double pointRadius(int points) {
        return points > 2_000 ? 2.0 : points > 200 ? 3.0 : 4.0;
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
