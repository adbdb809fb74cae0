package io.mlcycle.jobs.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Multiclass classification metrics. Macro averages weigh every class (seen as a label or a prediction)
 * equally; weighted averages weigh each class by its support, as MLlib's {@code weightedPrecision} and
 * {@code f1} do. Log loss clips the true class's probability to [1e-15, 1 - 1e-15]; the Brier score is the mean
 * over rows of the sum over classes of (probability - indicator)^2.
 */
public record MulticlassEvaluation(
        long rows,
        double accuracy,
        List<ClassMetrics> perClass,
        double logLoss,
        double brierScore,
        ConfusionMatrix confusion) {

    public MulticlassEvaluation {
        perClass = List.copyOf(perClass);
        Objects.requireNonNull(confusion, "confusion");
    }

    public double precisionMacro() {
        return perClass.stream().mapToDouble(ClassMetrics::precision).average().orElse(Double.NaN);
    }

    public double recallMacro() {
        return perClass.stream().mapToDouble(ClassMetrics::recall).average().orElse(Double.NaN);
    }

    public double f1Macro() {
        return perClass.stream().mapToDouble(ClassMetrics::f1).average().orElse(Double.NaN);
    }

    public double precisionWeighted() {
        return weighted(perClass.stream().mapToDouble(metrics -> metrics.precision() * metrics.support()).sum());
    }

    public double recallWeighted() {
        return weighted(perClass.stream().mapToDouble(metrics -> metrics.recall() * metrics.support()).sum());
    }

    public double f1Weighted() {
        return weighted(perClass.stream().mapToDouble(metrics -> metrics.f1() * metrics.support()).sum());
    }

    /**
     * The metrics under MLflow-safe keys starting with {@code prefix}: {@code test_accuracy}, {@code test_f1_macro},
     * {@code test_f1_weighted}, {@code test_log_loss}, {@code test_f1_class_2}...; NaN values are left out.
     */
    public Map<String, Double> asMetrics(String prefix) {
        MetricNames.requireSafePrefix(prefix);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "rows", (double) rows);
        metrics.put(prefix + "accuracy", accuracy);
        MetricNames.putFinite(metrics, prefix + "log_loss", logLoss);
        MetricNames.putFinite(metrics, prefix + "brier", brierScore);
        metrics.put(prefix + "precision_macro", precisionMacro());
        metrics.put(prefix + "recall_macro", recallMacro());
        metrics.put(prefix + "f1_macro", f1Macro());
        metrics.put(prefix + "precision_weighted", precisionWeighted());
        metrics.put(prefix + "recall_weighted", recallWeighted());
        metrics.put(prefix + "f1_weighted", f1Weighted());
        for (ClassMetrics metricsOfClass : perClass) {
            String label = MetricNames.classKey(metricsOfClass.label());
            metrics.put(prefix + "precision_class_" + label, metricsOfClass.precision());
            metrics.put(prefix + "recall_class_" + label, metricsOfClass.recall());
            metrics.put(prefix + "f1_class_" + label, metricsOfClass.f1());
        }
        return Collections.unmodifiableMap(metrics);
    }

    private double weighted(double sumOverClasses) {
        return rows == 0 ? Double.NaN : sumOverClasses / rows;
    }
}
