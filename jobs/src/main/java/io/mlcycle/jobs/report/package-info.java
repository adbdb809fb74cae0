/**
 * Evaluation artifacts without Spark: PNG charts drawn with plain Java2D ({@link io.mlcycle.jobs.report.EvaluationCharts}
 * on the small toolkit of {@link io.mlcycle.jobs.report.Chart} and {@link io.mlcycle.jobs.report.Plot}) and a
 * self-contained HTML page ({@link io.mlcycle.jobs.report.EvaluationReport}). Inputs are plain values the metric code
 * computed (curve points, counts, sampled predictions); the same input gives the same bytes, so artifacts of two runs
 * can be compared.
 */
package io.mlcycle.jobs.report;
