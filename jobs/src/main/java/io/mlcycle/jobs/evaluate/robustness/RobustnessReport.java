package io.mlcycle.jobs.evaluate.robustness;

import static java.util.Objects.requireNonNull;

import io.mlcycle.jobs.train.ClassificationMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model's metrics on the clean test rows and under each perturbation. */
public record RobustnessReport(RobustnessSpec spec, ClassificationMetrics clean, List<PerturbedMetrics> perturbed) {
    public RobustnessReport {
        requireNonNull(spec, "spec is null");
        requireNonNull(clean, "clean is null");
        perturbed = List.copyOf(perturbed);
    }

    /** The clean metrics as {@code <prefix>robustness_clean_<metric>}, then every perturbation's ({@link PerturbedMetrics#asMetrics}). */
    public Map<String, Double> asMetrics(String prefix) {
        Map<String, Double> metrics = new LinkedHashMap<>(clean.asMap(prefix + "robustness_clean_"));
        metrics.put(prefix + "robustness_seed", (double) spec.seed());
        perturbed.forEach(each -> metrics.putAll(each.asMetrics(prefix)));
        return metrics;
    }
}
