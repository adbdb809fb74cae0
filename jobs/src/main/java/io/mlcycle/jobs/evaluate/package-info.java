/**
 * Metrics of a model on held-out scored rows (issue 4, section 4): pure functions of a DataFrame of scored rows
 * that return immutable records, each with {@code asMetrics(prefix)} under MLflow-safe keys.
 *
 * <ul>
 *   <li>{@link io.mlcycle.jobs.evaluate.BinaryMetrics}: a threshold chosen on validation rows by a
 *       {@link io.mlcycle.jobs.evaluate.ThresholdRule} ({@code max-f1}, {@code max-youden}, {@code min-cost},
 *       {@code fixed}; ties to the lowest threshold), then a {@link io.mlcycle.jobs.evaluate.BinaryEvaluation} of
 *       test rows: confusion counts, accuracy, per-class, macro and weighted precision/recall/F1, AUC-ROC, AUC-PR
 *       (average precision), log loss, Brier score.
 *   <li>{@link io.mlcycle.jobs.evaluate.MulticlassMetrics}: accuracy, per-class and averaged precision/recall/F1,
 *       log loss, multiclass Brier score and the confusion matrix.
 *   <li>{@link io.mlcycle.jobs.evaluate.RegressionMetrics}: RMSE, MAE, R², MAPE without near-zero labels (counted,
 *       with a reason when none is left), median absolute error.
 *   <li>{@link io.mlcycle.jobs.evaluate.Bootstrap}: seeded Poisson-bootstrap percentile intervals of the headline
 *       metrics.
 * </ul>
 *
 * <p>{@link io.mlcycle.jobs.evaluate.ModelEvaluation} puts them together for a fitted model and its test rows: headline
 * metrics ({@code test_*}, names in {@link io.mlcycle.jobs.evaluate.TestMetrics}), bootstrap intervals, slices and fairness
 * (binary), robustness (every task) and charts in one {@link io.mlcycle.jobs.evaluate.EvaluationResult}, which writes the
 * chart PNGs and {@code evaluation_report.html}; {@code ModelEvaluation.testMetrics} gives the headline metrics alone, to
 * score the champion on the same rows.
 *
 * <p>Each evaluation runs one Spark aggregation that reduces the rows to what the metrics need: per distinct
 * positive-class score its positive and negative rows (binary), per (label, prediction) its rows and log-loss and
 * Brier sums (multiclass), or the sums and the exact median (regression). The driver holds that summary, never the
 * rows, except for a regression bootstrap (capped, see {@link io.mlcycle.jobs.evaluate.BootstrapSettings}).
 *
 * <p>A binary row is predicted positive when its positive-class probability is at least the threshold (as the
 * points of MLlib's {@code BinaryClassificationMetrics}); MLlib's classifiers' own {@code threshold} parameter and
 * {@code io.mlcycle.jobs.train.ClassificationMetrics} predict positive only above it, so apply a chosen threshold
 * with this package's {@code confusion}, or use {@code Math.nextDown(threshold)} for a model's parameter.
 */
package io.mlcycle.jobs.evaluate;
