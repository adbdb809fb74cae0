package io.mlcycle.jobs.train;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.config.TrainSettings.AlgorithmSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.train.tuning.ParamGrids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;

/**
 * Estimators of the dataset's task as the retrain job fits them: one per configured algorithm, at the first value of each
 * parameter of its grid (the train job searches the whole grid; a retrain on recent events fits one candidate per algorithm).
 */
public final class Classifiers {
    private Classifiers() {}

    /** An unfitted classifier and the hyperparameters that define it (logged to MLflow as params). */
    public record Candidate(Algorithm algorithm, Estimator<?> estimator, Map<String, String> params) {
        public Candidate {
            params = Map.copyOf(params);
        }

        public String name() {
            return ConfigReader.kebab(algorithm);
        }
    }

    /** The algorithm at mlcycle's defaults, as a binary classifier. */
    public static Candidate candidate(Algorithm algorithm, long seed) {
        return candidate(AlgorithmSpec.of(algorithm), 0, TaskType.BINARY, seed, "");
    }

    /**
     * The algorithm for {@code task} with the first value of each parameter of its grid.
     *
     * @param index the spec's position in {@code mlcycle.train.algorithms} (for messages)
     */
    public static Candidate candidate(AlgorithmSpec spec, int index, TaskType task, long seed, String weightColumn) {
        Estimator<?> estimator = Algorithms.estimator(spec.algorithm(), task, weightColumn, seed);
        Map<String, List<String>> first = new LinkedHashMap<>();
        spec.grid().forEach((name, values) -> first.put(name, values.subList(0, Math.min(1, values.size()))));
        ParamMap point = ParamGrids.build(estimator, "mlcycle.train.algorithms[" + index + "].grid", first)[0];
        Estimator<?> configured = (Estimator<?>) estimator.copy(point);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", spec.name());
        params.putAll(ParamGrids.describe(configured.extractParamMap()));
        return new Candidate(spec.algorithm(), configured, params);
    }
}
