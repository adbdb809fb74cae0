/**
 * Sliced metrics and group fairness of a scored binary-classification test set (a {@code probability} vector and a
 * 0/1 {@code label}, plus the columns to slice by).
 *
 * <p>Wiring, for a training run: {@code SlicedMetrics.of(scored, slices, threshold, minSliceRows)} and
 * {@code FairnessMetrics.of(scored, spec.sensitiveAttributes(), threshold, minGroupRows)}; each record's
 * {@code asMetrics(prefix)} gives MLflow-safe keys. Predicted positive means probability above the configured decision
 * threshold, as in {@code ClassificationMetrics}. Cache {@code scored} first: each column costs two aggregations.
 */
package io.mlcycle.jobs.evaluate.fairness;
