package io.mlcycle.jobs.train;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.common.features.FeaturePipelines;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;

/** The MLlib classifiers mlcycle trains, with the hyperparameters it records for each. */
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

    public static Candidate candidate(Algorithm algorithm, long seed) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", ConfigReader.kebab(algorithm));
        Estimator<?> estimator = switch (algorithm) {
            case LOGISTIC_REGRESSION -> {
                params.put("maxIter", "100");
                params.put("regParam", "0.01");
                params.put("elasticNetParam", "0.0");
                yield new LogisticRegression().setMaxIter(100).setRegParam(0.01).setElasticNetParam(0.0)
                        .setFeaturesCol(FeaturePipelines.FEATURES_COLUMN).setLabelCol(FeatureFrames.LABEL_COLUMN);
            }
            case RANDOM_FOREST -> {
                params.put("numTrees", "60");
                params.put("maxDepth", "6");
                params.put("seed", String.valueOf(seed));
                yield new RandomForestClassifier().setNumTrees(60).setMaxDepth(6).setSeed(seed)
                        .setFeaturesCol(FeaturePipelines.FEATURES_COLUMN).setLabelCol(FeatureFrames.LABEL_COLUMN);
            }
            case GBT -> {
                params.put("maxIter", "40");
                params.put("maxDepth", "4");
                params.put("seed", String.valueOf(seed));
                yield new GBTClassifier().setMaxIter(40).setMaxDepth(4).setSeed(seed)
                        .setFeaturesCol(FeaturePipelines.FEATURES_COLUMN).setLabelCol(FeatureFrames.LABEL_COLUMN);
            }
            default -> throw new IllegalArgumentException("The retrain job cannot train " + ConfigReader.kebab(algorithm)
                    + " yet: use logistic-regression, random-forest or gbt in mlcycle.train.algorithms.");
        };
        return new Candidate(algorithm, estimator, params);
    }
}
