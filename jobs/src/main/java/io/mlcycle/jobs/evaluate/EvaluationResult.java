package io.mlcycle.jobs.evaluate;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.evaluate.fairness.FairnessReport;
import io.mlcycle.jobs.evaluate.fairness.SliceMetrics;
import io.mlcycle.jobs.evaluate.gate.GateResult;
import io.mlcycle.jobs.report.CandidateComparison;
import io.mlcycle.jobs.report.EvaluationCharts;
import io.mlcycle.jobs.report.EvaluationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's evaluation on its test rows ({@link ModelEvaluation#evaluate}).
 *
 * @param metrics every figure under its MLflow name: headline ({@code test_auc_roc}), intervals ({@code test_auc_roc_ci_lower}),
 *     slices ({@code test_slice_age_30_to_50_f1}), fairness ({@code test_fairness_region_demographic_parity_difference}),
 *     robustness ({@code test_robustness_gaussian_noise_auc_roc_drop}); undefined values are left out
 * @param slices binary tasks: metrics per slice of each configured segment
 * @param fairness binary tasks: one report per sensitive attribute
 * @param robustness each metric under each perturbation; empty when the check is disabled
 * @param charts PNG images by artifact file name ({@link #ROC}, {@link #CONFUSION_MATRIX}, ...)
 */
public record EvaluationResult(TaskType task, Map<String, Double> metrics, BootstrapIntervals intervals, List<SliceMetrics> slices,
        List<FairnessReport> fairness, List<RobustnessRow> robustness, Map<String, byte[]> charts) {
    public static final String ROC = "roc.png";
    public static final String PRECISION_RECALL = "precision_recall.png";
    public static final String CONFUSION_MATRIX = "confusion_matrix.png";
    public static final String CALIBRATION = "calibration.png";
    public static final String FEATURE_IMPORTANCE = "feature_importance.png";
    public static final String RESIDUALS = "residuals.png";
    public static final String PREDICTED_VS_ACTUAL = "predicted_vs_actual.png";
    public static final String CANDIDATES = "candidates.png";
    public static final String REPORT = "evaluation_report.html";

    public EvaluationResult {
        requireNonNull(task, "task is null");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        requireNonNull(intervals, "intervals is null");
        slices = List.copyOf(slices);
        fairness = List.copyOf(fairness);
        robustness = List.copyOf(robustness);
        Map<String, byte[]> copied = new LinkedHashMap<>();
        charts.forEach((name, png) -> copied.put(name, png.clone()));
        charts = Collections.unmodifiableMap(copied);
    }

    /** The PNG images by file name (copies: the caller may keep or change them). */
    @Override
    public Map<String, byte[]> charts() {
        Map<String, byte[]> copies = new LinkedHashMap<>();
        charts.forEach((name, png) -> copies.put(name, png.clone()));
        return copies;
    }

    /** The headline test metrics alone, as {@link ModelEvaluation#testMetrics} gives them. */
    public Map<String, Double> headlineMetrics() {
        Map<String, Double> headline = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            if (!EvaluationReports.derivedKey(key)) {
                headline.put(key, value);
            }
        });
        return headline;
    }

    /** The self-contained HTML report: run information, the gate's checks, metrics with intervals, tables and charts. */
    public EvaluationReport report(GateResult gate, Map<String, String> info, Optional<CandidateComparison> candidates) {
        return EvaluationReports.build(this, gate, info, candidates);
    }

    /**
     * Writes every chart ({@code roc.png}, ...), {@value #CANDIDATES} when candidates are given, and {@value #REPORT} into
     * {@code dir} (created when missing), replacing files of the same names; returns the files written, for logging as artifacts.
     */
    public List<Path> writeArtifacts(Path dir, GateResult gate, Map<String, String> info, Optional<CandidateComparison> candidates) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> chart : charts.entrySet()) {
                written.add(Files.write(dir.resolve(chart.getKey()), chart.getValue()));
            }
            if (candidates.isPresent()) {
                written.add(Files.write(dir.resolve(CANDIDATES), EvaluationCharts.standard().candidateComparison(candidates.get()).png()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the evaluation artifacts to " + dir + ": " + e.getMessage()
                    + ". Check that the folder is writable and the disk has room.", e);
        }
        Path html = dir.resolve(REPORT);
        report(gate, info, candidates).writeTo(html);
        written.add(html);
        return List.copyOf(written);
    }
}
