package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A validated curve in the unit square (ROC or precision-recall), with x never decreasing. */
record Curve(double[] xs, double[] ys) {
    static Curve of(String curve, String xName, String yName, List<double[]> points) {
        requireNonNull(points, "points is null");
        if (points.isEmpty()) {
            throw new IllegalArgumentException("Cannot draw the " + curve + " without points: the list is empty");
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            double[] point = requireNonNull(points.get(i), "point " + i + " is null");
            if (point.length != 2) {
                throw new IllegalArgumentException("Cannot draw the " + curve + ": point " + i + " has " + point.length
                        + " values; need two (" + xName + ", " + yName + ")");
            }
            if (!(point[0] >= 0 && point[0] <= 1 && point[1] >= 0 && point[1] <= 1)) {
                throw new IllegalArgumentException("Cannot draw the " + curve + ": point " + i + " is (" + point[0] + ", " + point[1]
                        + "); " + xName + " and " + yName + " must be numbers from 0 to 1");
            }
            if (i > 0 && point[0] < xs[i - 1]) {
                throw new IllegalArgumentException("Cannot draw the " + curve + ": point " + i + " has " + xName + " " + point[0]
                        + " after " + xs[i - 1] + "; give the points in order of decreasing threshold, so " + xName + " never decreases");
            }
            xs[i] = point[0];
            ys[i] = point[1];
        }
        return new Curve(xs, ys);
    }

    /** The area under the curve by the trapezoidal rule, as Spark's {@code BinaryClassificationMetrics} computes it. */
    double area() {
        double area = 0;
        for (int i = 1; i < xs.length; i++) {
            area += (xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1]) / 2;
        }
        return area;
    }
}
