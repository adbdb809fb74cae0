package io.mlcycle.jobs.evaluate;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.features.FeatureFrames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Percentile bootstrap intervals by Poisson resampling: in a replicate every row is drawn a Poisson(1) number
 * of times, independently, which approximates drawing n rows with replacement and needs no row count up front.
 *
 * <p>Classification metrics depend on the rows only through a small summary (per distinct score its positives
 * and negatives; per label and prediction a count), so Spark computes the summary in one aggregation and the
 * replicates resample the summary on the driver: a cell of c rows gets the sum of c Poisson(1) draws, exactly
 * what resampling its rows one by one would give. Regression metrics (the median absolute error) need the rows,
 * so up to {@code maxCollectedRows} (label, prediction) pairs are collected, a seeded sample beyond that.
 * Both walk the data in sorted order with one {@link SplittableRandom}, so a seed gives the same intervals.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /** Intervals of AUC-ROC, AUC-PR, log loss, Brier, F1 and accuracy at {@code threshold}. */
    public static BootstrapIntervals binary(
            Dataset<Row> scored, ScoredColumns columns, ChosenThreshold threshold, BootstrapSettings settings) {
        return binary(BinaryMetrics.scoreTable(scored, columns), threshold, settings);
    }

    /** As {@link #binary(Dataset, ScoredColumns, ChosenThreshold, BootstrapSettings)}, from rows already reduced to their score table. */
    static BootstrapIntervals binary(ScoreTable table, ChosenThreshold threshold, BootstrapSettings settings) {
        BinaryMetrics.requireRows(table);
        Map<String, Function<BinaryEvaluation, Double>> metrics = new LinkedHashMap<>();
        metrics.put("auc_roc", BinaryEvaluation::aucRoc);
        metrics.put("auc_pr", BinaryEvaluation::aucPr);
        metrics.put("log_loss", BinaryEvaluation::logLoss);
        metrics.put("brier", BinaryEvaluation::brierScore);
        metrics.put("f1", BinaryEvaluation::f1);
        metrics.put("accuracy", BinaryEvaluation::accuracy);
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<BinaryEvaluation> replicates = new ArrayList<>();
        for (int b = 0; b < settings.replicates(); b++) {
            replicates.add(BinaryEvaluation.of(table.resample(random), threshold));
        }
        return new BootstrapIntervals(intervals(metrics, BinaryEvaluation.of(table, threshold), replicates, settings), table.rows());
    }

    /** Intervals of accuracy, macro F1 and weighted F1. */
    public static BootstrapIntervals multiclass(Dataset<Row> scored, ScoredColumns columns, BootstrapSettings settings) {
        ConfusionCells cells = MulticlassMetrics.confusionCells(scored, columns);
        if (cells.rows() == 0) {
            throw new IllegalArgumentException("Cannot bootstrap a model's metrics on no rows: the evaluation set is empty.");
        }
        Map<String, Function<MulticlassEvaluation, Double>> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", MulticlassEvaluation::accuracy);
        metrics.put("f1_macro", MulticlassEvaluation::f1Macro);
        metrics.put("f1_weighted", MulticlassEvaluation::f1Weighted);
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<MulticlassEvaluation> replicates = new ArrayList<>();
        for (int b = 0; b < settings.replicates(); b++) {
            replicates.add(cells.resample(random).evaluation(Double.NaN, Double.NaN));
        }
        MulticlassEvaluation estimate = cells.evaluation(Double.NaN, Double.NaN);
        return new BootstrapIntervals(intervals(metrics, estimate, replicates, settings), cells.rows());
    }

    /** Intervals of RMSE, MAE, R², MAPE and median absolute error. */
    public static BootstrapIntervals regression(
            Dataset<Row> scored, ScoredColumns columns, double mapeEpsilon, BootstrapSettings settings) {
        RegressionMetrics.requireEpsilon(mapeEpsilon);
        RegressionSample sample = RegressionSample.collect(scored, columns, settings);
        Map<String, Function<RegressionEvaluation, Double>> metrics = new LinkedHashMap<>();
        metrics.put("rmse", RegressionEvaluation::rmse);
        metrics.put("mae", RegressionEvaluation::mae);
        metrics.put("r2", RegressionEvaluation::r2);
        metrics.put("mape", RegressionEvaluation::mape);
        metrics.put("median_absolute_error", RegressionEvaluation::medianAbsoluteError);
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<RegressionEvaluation> replicates = new ArrayList<>();
        int[] weights = new int[sample.size()];
        for (int b = 0; b < settings.replicates(); b++) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Poisson.unitDraw(random);
            }
            replicates.add(sample.evaluate(weights, mapeEpsilon));
        }
        int[] once = new int[sample.size()];
        Arrays.fill(once, 1);
        return new BootstrapIntervals(intervals(metrics, sample.evaluate(once, mapeEpsilon), replicates, settings), sample.size());
    }

    private static <E> List<ConfidenceInterval> intervals(
            Map<String, Function<E, Double>> metrics, E estimate, List<E> replicates, BootstrapSettings settings) {
        List<ConfidenceInterval> intervals = new ArrayList<>();
        metrics.forEach((name, metric) -> {
            double[] values = replicates.stream().map(metric).mapToDouble(Double::doubleValue).filter(Double::isFinite).sorted().toArray();
            double alpha = (1 - settings.level()) / 2;
            intervals.add(new ConfidenceInterval(name, metric.apply(estimate), quantile(values, alpha),
                    quantile(values, 1 - alpha), settings.level(), values.length));
        });
        return intervals;
    }

    /** The q-quantile of sorted values, interpolating linearly between order statistics (R's type 7). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** Collected (label, prediction) pairs sorted by absolute error, for weighted regression metrics. */
    record RegressionSample(double[] labels, double[] predictions) {
        static RegressionSample collect(Dataset<Row> scored, ScoredColumns columns, BootstrapSettings settings) {
            FeatureFrames.requireColumns(scored, columns.label(), columns.prediction());
            Dataset<Row> pairs = scored
                    .select(col(columns.label()).cast("double"), col(columns.prediction()).cast("double"))
                    .na().drop();
            long rows = pairs.count();
            if (rows == 0) {
                throw new IllegalArgumentException("Cannot bootstrap a model's metrics on no rows: the evaluation set is empty.");
            }
            if (rows > settings.maxCollectedRows()) {
                double fraction = Math.min(1.0, 1.05 * settings.maxCollectedRows() / rows);
                pairs = pairs.sample(false, fraction, settings.seed()).limit(settings.maxCollectedRows());
            }
            double[][] collected = pairs.collectAsList().stream()
                    .map(row -> new double[] {row.getDouble(0), row.getDouble(1)})
                    .sorted(RegressionSample::compareByErrorThenValues)
                    .toArray(double[][]::new);
            return new RegressionSample(
                    Arrays.stream(collected).mapToDouble(pair -> pair[0]).toArray(),
                    Arrays.stream(collected).mapToDouble(pair -> pair[1]).toArray());
        }

        int size() {
            return labels.length;
        }

        RegressionEvaluation evaluate(int[] weights, double mapeEpsilon) {
            long total = 0;
            double squared = 0;
            double absolute = 0;
            double labelSum = 0;
            double mapeSum = 0;
            long mapeRows = 0;
            for (int i = 0; i < labels.length; i++) {
                double error = predictions[i] - labels[i];
                total += weights[i];
                squared += weights[i] * error * error;
                absolute += weights[i] * Math.abs(error);
                labelSum += weights[i] * labels[i];
                if (Math.abs(labels[i]) >= mapeEpsilon) {
                    mapeSum += weights[i] * Math.abs(error) / Math.abs(labels[i]);
                    mapeRows += weights[i];
                }
            }
            if (total == 0) {
                return new RegressionEvaluation(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                        java.util.Optional.of("no rows drawn"), Double.NaN);
            }
            double labelMean = labelSum / total;
            double labelSquares = weightedSum(weights, i -> (labels[i] - labelMean) * (labels[i] - labelMean));
            return new RegressionEvaluation(total, Math.sqrt(squared / total), absolute / total,
                    labelSquares == 0 ? Double.NaN : 1 - squared / labelSquares,
                    mapeRows == 0 ? Double.NaN : mapeSum / mapeRows, total - mapeRows,
                    mapeRows == 0 ? java.util.Optional.of(RegressionMetrics.mapeUndefinedReason(total, mapeEpsilon))
                            : java.util.Optional.empty(),
                    medianAbsoluteError(weights, total));
        }

        private double weightedSum(int[] weights, java.util.function.IntToDoubleFunction term) {
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                sum += weights[i] * term.applyAsDouble(i);
            }
            return sum;
        }

        /** The median of the drawn absolute errors, interpolated as Spark's {@code percentile(x, 0.5)} does. */
        private double medianAbsoluteError(int[] weights, long total) {
            double position = 0.5 * (total - 1);
            long lowerRank = (long) Math.floor(position);
            double lower = absoluteErrorAtRank(weights, lowerRank);
            double upper = absoluteErrorAtRank(weights, Math.min(lowerRank + 1, total - 1));
            return lower + (position - lowerRank) * (upper - lower);
        }

        /** The absolute error at 0-based {@code rank} among the drawn rows; rows are sorted by absolute error. */
        private double absoluteErrorAtRank(int[] weights, long rank) {
            long seen = 0;
            for (int i = 0; i < weights.length; i++) {
                seen += weights[i];
                if (seen > rank) {
                    return Math.abs(predictions[i] - labels[i]);
                }
            }
            throw new IllegalStateException("Rank " + rank + " beyond " + seen + " drawn rows");
        }

        private static int compareByErrorThenValues(double[] left, double[] right) {
            int byError = Double.compare(Math.abs(left[1] - left[0]), Math.abs(right[1] - right[0]));
            if (byError != 0) {
                return byError;
            }
            int byLabel = Double.compare(left[0], right[0]);
            return byLabel != 0 ? byLabel : Double.compare(left[1], right[1]);
        }
    }
}
