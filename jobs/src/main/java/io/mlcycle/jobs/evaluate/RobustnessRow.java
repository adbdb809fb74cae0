package io.mlcycle.jobs.evaluate;

import static java.util.Objects.requireNonNull;

/**
 * One test metric under one perturbation of the test rows, next to its clean value.
 *
 * @param perturbation {@code gaussian_noise} or {@code missing_values}
 * @param strength the noise scale or the missing share
 * @param worsening how much worse the perturbed value is: clean - perturbed for metrics where larger is better,
 *     perturbed - clean for errors (rmse, mae); negative when the perturbation happened to help
 */
public record RobustnessRow(String perturbation, double strength, String metric, double clean, double perturbed, double worsening) {
    public RobustnessRow {
        requireNonNull(perturbation, "perturbation is null");
        requireNonNull(metric, "metric is null");
    }
}
