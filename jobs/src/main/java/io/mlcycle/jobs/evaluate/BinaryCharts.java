package io.mlcycle.jobs.evaluate;

import io.mlcycle.jobs.report.EvaluationCharts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The charts of a binary evaluation, by artifact file name, drawn from its score table and confusion counts. */
final class BinaryCharts {
    private BinaryCharts() {}

    /** ROC and precision-recall curves (when the rows have the classes they need), confusion matrix, calibration (probabilities only). */
    static Map<String, byte[]> draw(ScoreTable table, ConfusionCounts confusion, BinaryDecision decision, int calibrationBins) {
        EvaluationCharts charts = EvaluationCharts.standard();
        Map<String, byte[]> drawn = new LinkedHashMap<>();
        List<double[]> roc = BinaryCurves.roc(table);
        if (!roc.isEmpty()) {
            drawn.put(EvaluationResult.ROC, charts.roc(roc).png());
        }
        List<double[]> precisionRecall = BinaryCurves.precisionRecall(table);
        if (!precisionRecall.isEmpty()) {
            drawn.put(EvaluationResult.PRECISION_RECALL, charts.precisionRecall(precisionRecall, (double) table.positives() / table.rows()).png());
        }
        long[][] counts = {
            {confusion.trueNegatives(), confusion.falsePositives()},
            {confusion.falseNegatives(), confusion.truePositives()}};
        drawn.put(EvaluationResult.CONFUSION_MATRIX, charts.confusionMatrix(List.of("0 (negative)", "1 (positive)"), counts).png());
        if (decision.probabilistic()) {
            drawn.put(EvaluationResult.CALIBRATION, charts.calibration(BinaryCurves.calibration(table, calibrationBins)).png());
        }
        return drawn;
    }
}
