package io.mlcycle.jobs.evaluate.robustness;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.stddev_samp;

import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.jobs.evaluate.fairness.ScoredRows;
import io.mlcycle.jobs.evaluate.robustness.PerturbedMetrics.Perturbation;
import io.mlcycle.jobs.train.ClassificationMetrics;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How much a fitted model's metrics drop when its test rows are perturbed: Gaussian noise on the numeric features,
 * and a share of feature cells (numeric and categorical) set to missing, each scored separately so each drop is
 * attributable. Metrics are {@link ClassificationMetrics} at the training decision threshold, computed exactly
 * ({@link ExactMetrics}) so that a seed gives the same figures on every run; the clean AUC-ROC here can differ from the
 * one training logs in the last digits (MLlib's evaluator). Cache {@code testRows}: they are scored three times.
 */
public final class RobustnessEvaluation {

    private static final int SIGNIFICANT_DIGITS = 12;

    private RobustnessEvaluation() {}

    /**
     * @param testRows unscored test rows (the model's input, not its output) with the features, the {@code label} and
     *     {@code idColumn}, which seeds each row's draws
     */
    public static RobustnessReport evaluate(PipelineModel model, Dataset<Row> testRows, String idColumn, List<String> numericFeatures,
            List<String> categoricalFeatures, RobustnessSpec spec, double decisionThreshold) {
        FeatureFrames.requireColumns(testRows, idColumn, FeatureFrames.LABEL_COLUMN);
        FeatureFrames.requireColumns(testRows, numericFeatures.toArray(String[]::new));
        FeatureFrames.requireColumns(testRows, categoricalFeatures.toArray(String[]::new));
        requireUnscored(testRows);
        ClassificationMetrics clean = ExactMetrics.of(model.transform(testRows), decisionThreshold);

        Dataset<Row> noisy = Perturbations.withGaussianNoise(testRows, idColumn, standardDeviations(testRows, numericFeatures), spec.noiseScale(), spec.seed());
        List<String> features = new ArrayList<>(numericFeatures);
        features.addAll(categoricalFeatures);
        Dataset<Row> holed = Perturbations.withMissingValues(testRows, idColumn, features, spec.missingShare(), spec.seed());
        return new RobustnessReport(spec, clean, List.of(
                new PerturbedMetrics(Perturbation.GAUSSIAN_NOISE, spec.noiseScale(), clean,
                        ExactMetrics.of(model.transform(noisy), decisionThreshold)),
                new PerturbedMetrics(Perturbation.MISSING_VALUES, spec.missingShare(), clean,
                        ExactMetrics.of(model.transform(holed), decisionThreshold))));
    }

    /**
     * Each column's sample standard deviation on {@code rows}, in one pass, rounded to {@value #SIGNIFICANT_DIGITS}
     * significant digits: a floating-point aggregate may differ in its last bits with the partitioning, and the noise
     * must not. A column with fewer than two values (no spread to scale by) gets 0, so it is left as it is.
     */
    public static Map<String, Double> standardDeviations(Dataset<Row> rows, List<String> numericColumns) {
        Map<String, Double> deviations = new LinkedHashMap<>();
        if (numericColumns.isEmpty()) {
            return deviations;
        }
        Column[] aggregates = numericColumns.stream().map(name -> stddev_samp(col(name).cast("double"))).toArray(Column[]::new);
        Row row = rows.agg(aggregates[0], Arrays.copyOfRange(aggregates, 1, aggregates.length)).head();
        for (int i = 0; i < numericColumns.size(); i++) {
            double deviation = row.isNullAt(i) ? 0.0 : row.getDouble(i);
            deviations.put(numericColumns.get(i), Double.isNaN(deviation) ? 0.0 : roundSignificant(deviation));
        }
        return deviations;
    }

    private static double roundSignificant(double value) {
        return new BigDecimal(value).round(new MathContext(SIGNIFICANT_DIGITS)).doubleValue();
    }

    private static void requireUnscored(Dataset<Row> rows) {
        if (Arrays.asList(rows.columns()).contains(ScoredRows.PROBABILITY_COLUMN)) {
            throw new IllegalArgumentException("Cannot measure robustness on scored rows: they already have a '"
                    + ScoredRows.PROBABILITY_COLUMN + "' column, and the model must score the perturbed rows itself. "
                    + "Pass the test rows as they were before model.transform.");
        }
    }
}
