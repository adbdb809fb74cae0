/**
 * How a fitted model's metrics drop under seeded perturbations of its test rows (Gaussian noise on numeric features,
 * missing values in any feature). Draws are hashes of (seed, column, row id), so results repeat across runs and
 * partitionings.
 *
 * <p>Wiring: {@code RobustnessEvaluation.evaluate(model, testRows, spec.idColumn(), spec.featureSpec().numericInputs(),
 * spec.featureSpec().categoricalInputs(), robustnessSpec, threshold).asMetrics(prefix)}. The feature table's columns
 * are perturbed; columns the pipeline derives from them inherit the perturbation.
 */
package io.mlcycle.jobs.evaluate.robustness;
