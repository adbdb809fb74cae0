package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.TaskType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Training ({@code mlcycle.train}): which MLlib algorithms with which hyperparameter grids, how candidates are validated,
 * which metric picks the winner, how the decision threshold is chosen, and the seed of every random choice.
 *
 * @param algorithms the algorithms tried, each with its grid (parameter name in kebab case → values; one value fixes it)
 * @param selectionMetric validation metric that picks the winner (see {@link #selectionMetrics}); "" = the task's default
 * @param validationFraction share of the training split held back to compare the algorithms' tuned winners and to choose
 *     the decision threshold; the test split never takes part in selection
 * @param weightColumn numeric column weighting each training row (class imbalance); "" = unweighted
 */
public record TrainSettings(List<AlgorithmSpec> algorithms, long seed, String selectionMetric, TuningSettings tuning,
        double validationFraction, String weightColumn, ThresholdSettings threshold) {
    /** The MLlib algorithms mlcycle trains; each applies to some tasks. */
    public enum Algorithm {
        LOGISTIC_REGRESSION(TaskType.BINARY, TaskType.MULTICLASS),
        DECISION_TREE(TaskType.BINARY, TaskType.MULTICLASS, TaskType.REGRESSION),
        RANDOM_FOREST(TaskType.BINARY, TaskType.MULTICLASS, TaskType.REGRESSION),
        GBT(TaskType.BINARY, TaskType.REGRESSION),
        LINEAR_SVM(TaskType.BINARY),
        NAIVE_BAYES(TaskType.BINARY, TaskType.MULTICLASS),
        LINEAR_REGRESSION(TaskType.REGRESSION);

        private final Set<TaskType> tasks;

        Algorithm(TaskType first, TaskType... rest) {
            this.tasks = EnumSet.of(first, rest);
        }

        public boolean supports(TaskType task) {
            return tasks.contains(task);
        }

        /** The algorithms that apply to {@code task}, in kebab case (for messages). */
        public static List<String> namesFor(TaskType task) {
            List<String> names = new ArrayList<>();
            for (Algorithm algorithm : values()) {
                if (algorithm.supports(task)) {
                    names.add(ConfigReader.kebab(algorithm));
                }
            }
            return names;
        }
    }

    /** Binary-task metrics as the legacy enum (retrain compares by these). */
    public enum SelectionMetric { AUC_ROC, F1, PRECISION, RECALL }

    /** How candidates of one algorithm's grid are validated. */
    public enum TuningMethod { CROSS_VALIDATION, TRAIN_VALIDATION_SPLIT }

    /** How a binary model's decision threshold is chosen on the validation rows. */
    public enum ThresholdRule { MAX_F1, MAX_YOUDEN, MIN_COST, FIXED }

    private static final Map<TaskType, List<String>> METRICS = Map.of(
            TaskType.BINARY, List.of("auc-roc", "auc-pr", "f1", "precision", "recall", "accuracy", "log-loss"),
            TaskType.MULTICLASS, List.of("f1", "accuracy", "precision", "recall", "log-loss"),
            TaskType.REGRESSION, List.of("rmse", "mae", "r2"));

    /** One algorithm and its hyperparameter grid (MLlib parameter names in kebab case, values as written). */
    public record AlgorithmSpec(Algorithm algorithm, Map<String, List<String>> grid) {
        public AlgorithmSpec {
            requireNonNull(algorithm, "algorithm is null");
            Map<String, List<String>> copy = new LinkedHashMap<>();
            grid.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            grid = java.util.Collections.unmodifiableMap(copy);
        }

        public static AlgorithmSpec of(Algorithm algorithm) {
            return new AlgorithmSpec(algorithm, Map.of());
        }

        public String name() {
            return ConfigReader.kebab(algorithm);
        }
    }

    /**
     * @param folds folds of cross validation
     * @param trainRatio share fitted on by the train-validation split (the rest validates)
     * @param parallelism grid points fitted at once
     */
    public record TuningSettings(TuningMethod method, int folds, double trainRatio, int parallelism) {
        public TuningSettings {
            requireNonNull(method, "method is null");
        }
    }

    /** @param fixed the threshold of rule {@code fixed}; the costs weigh errors for rule {@code min-cost} */
    public record ThresholdSettings(ThresholdRule rule, double fixed, double falsePositiveCost, double falseNegativeCost) {
        public ThresholdSettings {
            requireNonNull(rule, "rule is null");
        }
    }

    public TrainSettings {
        algorithms = List.copyOf(algorithms);
        requireNonNull(selectionMetric, "selectionMetric is null");
        requireNonNull(tuning, "tuning is null");
        requireNonNull(weightColumn, "weightColumn is null");
        requireNonNull(threshold, "threshold is null");
    }

    /** The selection metrics a task can use; the first is its default. */
    public static List<String> selectionMetrics(TaskType task) {
        return METRICS.get(task);
    }

    /** Whether a larger value of {@code metric} is better. */
    public static boolean largerIsBetter(String metric) {
        return !List.of("log-loss", "rmse", "mae").contains(metric);
    }

    /** The configured selection metric, or the task's default when none is configured. */
    public String selectionMetricFor(TaskType task) {
        return selectionMetric.isEmpty() ? selectionMetrics(task).get(0) : selectionMetric;
    }

    /** The configured algorithms without their grids. */
    public List<Algorithm> algorithmChoices() {
        return algorithms.stream().map(AlgorithmSpec::algorithm).toList();
    }

    /** The binary selection metric as the legacy enum; auc-roc when the metric has no enum constant. */
    public SelectionMetric binarySelectionMetric() {
        String metric = selectionMetricFor(TaskType.BINARY);
        for (SelectionMetric value : SelectionMetric.values()) {
            if (ConfigReader.kebab(value).equals(metric)) {
                return value;
            }
        }
        return SelectionMetric.AUC_ROC;
    }

    /** The fixed decision threshold (rule {@code fixed}; also the retrain job's threshold). */
    public double decisionThreshold() {
        return threshold.fixed();
    }

    public static TrainSettings read(ConfigReader reader) {
        List<AlgorithmSpec> algorithms = new ArrayList<>();
        List<ConfigReader> elements = reader.objectList("mlcycle.train.algorithms", "name");
        for (ConfigReader element : elements) {
            element.rejectUnknownKeys("name", "grid");
            Algorithm algorithm = element.choice("name", Algorithm.class);
            Map<String, List<String>> grid = element.stringListMapOr("grid");
            if (algorithm != null) {
                algorithms.add(new AlgorithmSpec(algorithm, grid));
            }
        }
        reader.check(!elements.isEmpty() || !reader.has("mlcycle.train.algorithms"), "mlcycle.train.algorithms", "[]",
                "at least one algorithm");
        String metric = reader.stringOr("mlcycle.train.selection-metric", "").trim().toLowerCase(Locale.ROOT);
        reader.check(metric.isEmpty() || METRICS.values().stream().anyMatch(list -> list.contains(metric)), "mlcycle.train.selection-metric",
                metric, "one of " + new java.util.TreeSet<>(METRICS.values().stream().flatMap(List::stream).toList()));
        TuningSettings tuning = new TuningSettings(
                reader.choiceOr("mlcycle.train.tuning.method", TuningMethod.class, TuningMethod.TRAIN_VALIDATION_SPLIT),
                reader.intInRangeOr("mlcycle.train.tuning.folds", 2, 20, 3),
                reader.has("mlcycle.train.tuning.train-ratio") ? reader.doubleInRange("mlcycle.train.tuning.train-ratio", 0.05, 0.95) : 0.8,
                reader.intInRangeOr("mlcycle.train.tuning.parallelism", 1, 64, 1));
        double fixed = reader.has("mlcycle.train.threshold.fixed") ? reader.doubleInRange("mlcycle.train.threshold.fixed", 0.0, 1.0)
                : reader.has("mlcycle.train.decision-threshold") ? reader.doubleInRange("mlcycle.train.decision-threshold", 0.0, 1.0) : 0.5;
        ThresholdSettings threshold = new ThresholdSettings(
                reader.choiceOr("mlcycle.train.threshold.rule", ThresholdRule.class, ThresholdRule.FIXED),
                fixed,
                reader.has("mlcycle.train.threshold.false-positive-cost")
                        ? reader.doubleInRange("mlcycle.train.threshold.false-positive-cost", 0.0, Double.MAX_VALUE) : 1.0,
                reader.has("mlcycle.train.threshold.false-negative-cost")
                        ? reader.doubleInRange("mlcycle.train.threshold.false-negative-cost", 0.0, Double.MAX_VALUE) : 1.0);
        return new TrainSettings(
                algorithms,
                reader.longAtLeast("mlcycle.train.seed", Long.MIN_VALUE),
                metric,
                tuning,
                reader.has("mlcycle.train.validation-fraction") ? reader.doubleInRange("mlcycle.train.validation-fraction", 0.05, 0.5) : 0.2,
                reader.stringOr("mlcycle.train.weight-column", ""),
                threshold);
    }

    /** Checks that fit the task: every algorithm applies to it, the selection metric is one of its metrics. */
    public void checkAgainst(TaskType task, ConfigReader reader) {
        for (int i = 0; i < algorithms.size(); i++) {
            Algorithm algorithm = algorithms.get(i).algorithm();
            reader.check(algorithm.supports(task), "mlcycle.train.algorithms[" + i + "].name", ConfigReader.kebab(algorithm),
                    "an algorithm for a " + task.name().toLowerCase(Locale.ROOT) + " task: " + Algorithm.namesFor(task));
        }
        reader.check(selectionMetric.isEmpty() || selectionMetrics(task).contains(selectionMetric), "mlcycle.train.selection-metric",
                selectionMetric, "a metric of a " + task.name().toLowerCase(Locale.ROOT) + " task: " + selectionMetrics(task));
    }
}
