package io.mlcycle.jobs.evaluate;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.evaluate.robustness.Perturbations;
import io.mlcycle.jobs.evaluate.robustness.PerturbedMetrics;
import io.mlcycle.jobs.evaluate.robustness.PerturbedMetrics.Perturbation;
import io.mlcycle.jobs.evaluate.robustness.RobustnessEvaluation;
import io.mlcycle.jobs.evaluate.robustness.RobustnessReport;
import io.mlcycle.jobs.evaluate.robustness.RobustnessSpec;
import io.mlcycle.jobs.train.ClassificationMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The robustness check of every task, on the robustness package's seeded {@link Perturbations}: the test rows with
 * Gaussian noise on the numeric inputs, and with a share of input cells missing, each scored by the model. Binary models
 * get the package's {@link RobustnessReport} (exact counts and rank-sum AUC, so a seed repeats to the bit); multiclass
 * ones accuracy and F1, regression ones RMSE, MAE and R², each from its metric class.
 */
final class TaskRobustness {

    /** The metric keys ({@code test_robustness_...}) and one row per perturbation and metric. */
    record Outcome(Map<String, Double> metrics, List<RobustnessRow> rows) {}

    private TaskRobustness() {}

    /** A binary model: {@code scored} are the clean test rows as {@link Scoring} scores them (cached), {@code threshold} on their probability column. */
    static Outcome binary(Scoring scoring, Dataset<Row> scored, Dataset<Row> testRows, DatasetSpec dataset, RobustnessSpec spec, double threshold) {
        ClassificationMetrics clean = exact(scored, threshold);
        List<PerturbedMetrics> perturbed = new ArrayList<>();
        perturbations(testRows, dataset, spec).forEach((perturbation, rows) -> {
            Dataset<Row> scoredPerturbed = scoring.score(rows).persist(StorageLevel.MEMORY_AND_DISK());
            try {
                perturbed.add(new PerturbedMetrics(perturbation, strength(perturbation, spec), clean, exact(scoredPerturbed, threshold)));
            } finally {
                scoredPerturbed.unpersist();
            }
        });
        RobustnessReport report = new RobustnessReport(spec, clean, perturbed);
        List<RobustnessRow> rows = new ArrayList<>();
        for (PerturbedMetrics each : perturbed) {
            String name = each.perturbation().key();
            rows.add(new RobustnessRow(name, each.strength(), "accuracy", clean.accuracy(), each.perturbed().accuracy(), each.accuracyDrop()));
            rows.add(new RobustnessRow(name, each.strength(), "f1", clean.f1(), each.perturbed().f1(), each.f1Drop()));
            rows.add(new RobustnessRow(name, each.strength(), "auc_roc", clean.aucRoc(), each.perturbed().aucRoc(), each.aucRocDrop()));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        report.asMetrics(TestMetrics.PREFIX).forEach((key, value) -> MetricNames.putFinite(metrics, key, value));
        return new Outcome(metrics, rows);
    }

    /**
     * A multiclass or regression model: {@code measure} computes the task's metrics of scored rows, {@code clean} holds
     * them on the clean rows. Keys: {@code test_robustness_<perturbation>_<metric>} and {@code _<metric>_drop} (larger is
     * better) or {@code _<metric>_increase} (errors), so a positive change always means worse.
     */
    static Outcome other(TaskType task, Scoring scoring, Dataset<Row> testRows, DatasetSpec dataset, RobustnessSpec spec,
            Function<Dataset<Row>, Map<String, Double>> measure, Map<String, Double> clean) {
        String base = TestMetrics.PREFIX + "robustness_";
        Map<String, Double> metrics = new LinkedHashMap<>();
        clean.forEach((metric, value) -> MetricNames.putFinite(metrics, base + "clean_" + metric, value));
        metrics.put(base + "seed", (double) spec.seed());
        List<RobustnessRow> rows = new ArrayList<>();
        perturbations(testRows, dataset, spec).forEach((perturbation, perturbedRows) -> {
            String prefix = base + perturbation.key() + "_";
            metrics.put(prefix + "strength", strength(perturbation, spec));
            measure.apply(scoring.score(perturbedRows)).forEach((metric, value) -> {
                boolean error = task == TaskType.REGRESSION && !metric.equals("r2");
                double worsening = error ? value - clean.get(metric) : clean.get(metric) - value;
                MetricNames.putFinite(metrics, prefix + metric, value);
                MetricNames.putFinite(metrics, prefix + metric + (error ? "_increase" : "_drop"), worsening);
                rows.add(new RobustnessRow(perturbation.key(), strength(perturbation, spec), metric, clean.get(metric), value, worsening));
            });
        });
        return new Outcome(metrics, rows);
    }

    private static Map<Perturbation, Dataset<Row>> perturbations(Dataset<Row> testRows, DatasetSpec dataset, RobustnessSpec spec) {
        List<String> numeric = dataset.featureSpec().numericInputs();
        List<String> features = new ArrayList<>(numeric);
        features.addAll(dataset.featureSpec().categoricalInputs());
        String id = dataset.idColumn();
        Map<Perturbation, Dataset<Row>> perturbed = new LinkedHashMap<>();
        perturbed.put(Perturbation.GAUSSIAN_NOISE, Perturbations.withGaussianNoise(testRows, id,
                RobustnessEvaluation.standardDeviations(testRows, numeric), spec.noiseScale(), spec.seed()));
        perturbed.put(Perturbation.MISSING_VALUES, Perturbations.withMissingValues(testRows, id, features, spec.missingShare(), spec.seed()));
        return perturbed;
    }

    private static double strength(Perturbation perturbation, RobustnessSpec spec) {
        return perturbation == Perturbation.GAUSSIAN_NOISE ? spec.noiseScale() : spec.missingShare();
    }

    /** Confusion counts and rank-sum AUC-ROC over all rows, as the robustness package computes them: exact, so drops repeat. */
    private static ClassificationMetrics exact(Dataset<Row> scored, double threshold) {
        return io.mlcycle.jobs.evaluate.robustness.ExactMetrics.of(scored, threshold);
    }
}
