/**
 * The promotion gate ({@code mlcycle.gate}): {@link io.mlcycle.jobs.evaluate.gate.Gate} checks a model's test metrics,
 * fairness reports and, when there is a champion, the improvement over it on the same rows; the
 * {@link io.mlcycle.jobs.evaluate.gate.GateResult} gives each check passed, failed or skipped (with why) and the MLflow tags
 * ({@code mlcycle.gate = passed|failed}) that {@code ChampionPromotions} reads before moving the champion alias.
 */
package io.mlcycle.jobs.evaluate.gate;
