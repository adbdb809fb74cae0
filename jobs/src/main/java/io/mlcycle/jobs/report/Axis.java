package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A numeric axis: its label, its range in data units and "nice" ticks (1, 2 or 5 times a power of ten), so tick
 * labels read as round numbers whatever the data range.
 */
public record Axis(String label, double min, double max) {
    private static final int TARGET_TICKS = 6;

    public Axis {
        requireNonNull(label, "label is null");
        if (!Double.isFinite(min) || !Double.isFinite(max) || min >= max) {
            throw new IllegalArgumentException("Cannot make an axis from " + min + " to " + max + ": need finite bounds with min < max");
        }
    }

    /** The unit interval, for rates and probabilities. */
    public static Axis unit(String label) {
        return new Axis(label, 0, 1);
    }

    /** An axis that covers every value from {@code low} to {@code high}, widened outwards to whole tick steps. */
    public static Axis covering(String label, double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
            throw new IllegalArgumentException("Cannot fit an axis to the values " + low + " to " + high + ": need finite values, low <= high");
        }
        if (low == high) {
            double half = low == 0 ? 1 : Math.abs(low) * 0.1;
            low -= half;
            high += half;
        }
        double step = niceStep(high - low);
        return new Axis(label, Math.floor(low / step) * step, Math.ceil(high / step) * step);
    }

    /** The tick values inside the range, in ascending order. */
    public List<Double> ticks() {
        double step = niceStep(max - min);
        double first = Math.ceil(min / step - 1e-9) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; first + i * step <= max + step * 1e-9; i++) {
            ticks.add(first + i * step);
        }
        return List.copyOf(ticks);
    }

    /** A tick value as text, with as many decimals as the tick step needs. */
    public String format(double value) {
        double step = niceStep(max - min);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        double rounded = value + 0.0; // turns -0.0 into 0.0
        if (Math.abs(rounded) < step * 1e-6) {
            rounded = 0.0;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", rounded);
    }

    /** Where {@code value} lies on the axis: 0 at {@code min}, 1 at {@code max}. */
    double fraction(double value) {
        return (value - min) / (max - min);
    }

    private static double niceStep(double range) {
        double raw = range / TARGET_TICKS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double normalized = raw / magnitude;
        double nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
