package io.mlcycle.jobs.evaluate.robustness;

import static java.util.Objects.requireNonNull;

import io.mlcycle.jobs.train.ClassificationMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of the model on perturbed test rows next to its clean ones. A drop is clean minus perturbed: positive
 * when the perturbation hurts.
 *
 * @param strength the perturbation's setting: the noise scale, or the missing share
 */
public record PerturbedMetrics(Perturbation perturbation, double strength, ClassificationMetrics clean, ClassificationMetrics perturbed) {
    public PerturbedMetrics {
        requireNonNull(perturbation, "perturbation is null");
        requireNonNull(clean, "clean is null");
        requireNonNull(perturbed, "perturbed is null");
    }

    /** What was done to the rows; {@link #key()} names it in metrics. */
    public enum Perturbation {
        GAUSSIAN_NOISE("gaussian_noise"),
        MISSING_VALUES("missing_values");

        private final String key;

        Perturbation(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public double accuracyDrop() {
        return clean.accuracy() - perturbed.accuracy();
    }

    public double f1Drop() {
        return clean.f1() - perturbed.f1();
    }

    public double aucRocDrop() {
        return clean.aucRoc() - perturbed.aucRoc();
    }

    /** As {@code <prefix>robustness_<perturbation>_<metric>}, e.g. {@code robustness_gaussian_noise_auc_roc_drop}. */
    public Map<String, Double> asMetrics(String prefix) {
        String base = prefix + "robustness_" + perturbation.key() + "_";
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(base + "strength", strength);
        metrics.put(base + "rows", (double) perturbed.rows());
        metrics.put(base + "accuracy", perturbed.accuracy());
        metrics.put(base + "accuracy_drop", accuracyDrop());
        metrics.put(base + "precision", perturbed.precision());
        metrics.put(base + "recall", perturbed.recall());
        metrics.put(base + "f1", perturbed.f1());
        metrics.put(base + "f1_drop", f1Drop());
        metrics.put(base + "auc_roc", perturbed.aucRoc());
        metrics.put(base + "auc_roc_drop", aucRocDrop());
        return metrics;
    }
}
