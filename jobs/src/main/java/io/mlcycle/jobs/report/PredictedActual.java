package io.mlcycle.jobs.report;

/** A regression model's prediction for one row and the row's actual value. */
public record PredictedActual(double predicted, double actual) {
    public PredictedActual {
        if (!Double.isFinite(predicted) || !Double.isFinite(actual)) {
            throw new IllegalArgumentException("Cannot chart prediction " + predicted + " against actual value " + actual
                    + ": both must be finite numbers (drop rows without a label or prediction before sampling)");
        }
    }

    /** Actual minus predicted. */
    public double residual() {
        return actual - predicted;
    }
}
