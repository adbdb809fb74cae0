package io.mlcycle.jobs.evaluate.robustness;

/**
 * How hard to perturb the test rows.
 *
 * @param noiseScale Gaussian noise on each numeric feature has standard deviation {@code noiseScale} times the
 *     column's standard deviation on the test rows (0 = no noise; 0.1 is a mild, 0.5 a strong perturbation)
 * @param missingShare the share of feature cells set to missing, each cell drawn independently (0 = none, 1 = all)
 * @param seed the same seed gives the same perturbed values, whatever the partitioning
 */
public record RobustnessSpec(double noiseScale, double missingShare, long seed) {
    public RobustnessSpec {
        if (!(noiseScale >= 0.0) || Double.isInfinite(noiseScale)) {
            throw new IllegalArgumentException("Cannot perturb with noise scale " + noiseScale
                    + ": it must be a finite number >= 0 (a multiple of each column's standard deviation), e.g. 0.1.");
        }
        if (!(missingShare >= 0.0 && missingShare <= 1.0)) {
            throw new IllegalArgumentException("Cannot set a share of " + missingShare
                    + " of the values missing: it must lie in [0, 1], e.g. 0.05.");
        }
    }
}
