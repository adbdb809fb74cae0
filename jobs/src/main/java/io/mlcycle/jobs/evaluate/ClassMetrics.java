package io.mlcycle.jobs.evaluate;

/**
 * Precision, recall and F1 of one class, with its support (rows whose true label is the class). A ratio whose
 * denominator is zero (no rows predicted as the class, no rows of the class) is 0, as in MLlib.
 */
public record ClassMetrics(double label, long support, double precision, double recall, double f1) {

    static ClassMetrics of(double label, long truePositives, long predicted, long support) {
        double precision = ratio(truePositives, predicted);
        double recall = ratio(truePositives, support);
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(label, support, precision, recall, f1);
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0.0 : numerator / denominator;
    }
}
