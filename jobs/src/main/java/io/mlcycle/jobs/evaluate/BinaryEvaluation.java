package io.mlcycle.jobs.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Binary classification metrics of scored rows. The threshold-free metrics (AUCs, log loss, Brier) read the
 * positive-class probability; the others read the confusion matrix at {@code threshold}. {@code precision},
 * {@code recall} and {@code f1} are the positive class's; macro averages weigh both classes equally, weighted
 * averages by their support. {@code aucPr} is average precision (recall steps times precision, not MLlib's
 * linearly interpolated trapezoids, which overstate it slightly). AUCs are NaN when the rows lack positives or
 * negatives.
 */
public record BinaryEvaluation(
        long rows,
        ChosenThreshold threshold,
        ConfusionCounts confusion,
        ClassMetrics negativeClass,
        ClassMetrics positiveClass,
        double aucRoc,
        double aucPr,
        double logLoss,
        double brierScore) {

    public BinaryEvaluation {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(negativeClass, "negativeClass");
        Objects.requireNonNull(positiveClass, "positiveClass");
    }

    static BinaryEvaluation of(ScoreTable table, ChosenThreshold threshold) {
        ConfusionCounts confusion = table.confusionAt(threshold.threshold());
        return new BinaryEvaluation(table.rows(), threshold, confusion, confusion.negativeClass(), confusion.positiveClass(),
                table.areaUnderRoc(), table.areaUnderPrecisionRecall(), table.logLoss(), table.brierScore());
    }

    public double accuracy() {
        return confusion.accuracy();
    }

    public double precision() {
        return positiveClass.precision();
    }

    public double recall() {
        return positiveClass.recall();
    }

    public double f1() {
        return positiveClass.f1();
    }

    public double precisionMacro() {
        return (negativeClass.precision() + positiveClass.precision()) / 2;
    }

    public double recallMacro() {
        return (negativeClass.recall() + positiveClass.recall()) / 2;
    }

    public double f1Macro() {
        return (negativeClass.f1() + positiveClass.f1()) / 2;
    }

    public double precisionWeighted() {
        return weighted(negativeClass.precision(), positiveClass.precision());
    }

    public double recallWeighted() {
        return weighted(negativeClass.recall(), positiveClass.recall());
    }

    public double f1Weighted() {
        return weighted(negativeClass.f1(), positiveClass.f1());
    }

    /**
     * The metrics under MLflow-safe keys, each starting with {@code prefix} (e.g. {@code test_}): {@code test_f1},
     * {@code test_f1_macro}, {@code test_f1_class_1}, {@code test_auc_pr}, {@code test_log_loss},
     * {@code test_threshold}, {@code test_tp}... NaN values are left out (see {@link MetricNames#putFinite}).
     */
    public Map<String, Double> asMetrics(String prefix) {
        MetricNames.requireSafePrefix(prefix);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "rows", (double) rows);
        metrics.put(prefix + "accuracy", accuracy());
        metrics.put(prefix + "precision", precision());
        metrics.put(prefix + "recall", recall());
        metrics.put(prefix + "f1", f1());
        MetricNames.putFinite(metrics, prefix + "auc_roc", aucRoc);
        MetricNames.putFinite(metrics, prefix + "auc_pr", aucPr);
        MetricNames.putFinite(metrics, prefix + "log_loss", logLoss);
        MetricNames.putFinite(metrics, prefix + "brier", brierScore);
        metrics.put(prefix + "precision_macro", precisionMacro());
        metrics.put(prefix + "recall_macro", recallMacro());
        metrics.put(prefix + "f1_macro", f1Macro());
        metrics.put(prefix + "precision_weighted", precisionWeighted());
        metrics.put(prefix + "recall_weighted", recallWeighted());
        metrics.put(prefix + "f1_weighted", f1Weighted());
        for (ClassMetrics perClass : new ClassMetrics[] {negativeClass, positiveClass}) {
            String label = MetricNames.classKey(perClass.label());
            metrics.put(prefix + "precision_class_" + label, perClass.precision());
            metrics.put(prefix + "recall_class_" + label, perClass.recall());
            metrics.put(prefix + "f1_class_" + label, perClass.f1());
        }
        metrics.put(prefix + "threshold", threshold.threshold());
        MetricNames.putFinite(metrics, prefix + "threshold_criterion_value", threshold.criterionValue());
        metrics.put(prefix + "tp", (double) confusion.truePositives());
        metrics.put(prefix + "fp", (double) confusion.falsePositives());
        metrics.put(prefix + "fn", (double) confusion.falseNegatives());
        metrics.put(prefix + "tn", (double) confusion.trueNegatives());
        return Collections.unmodifiableMap(metrics);
    }

    private double weighted(double negativeValue, double positiveValue) {
        return ClassMetrics.ratio(negativeValue * confusion.negatives() + positiveValue * confusion.positives(), rows);
    }
}
