package io.mlcycle.jobs.train;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.common.features.FeaturePipelines;
import io.mlcycle.jobs.evaluate.BinaryDecision;
import io.mlcycle.jobs.report.FeatureImportance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.ClassificationModel;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.NaiveBayes;
import org.apache.spark.ml.classification.NaiveBayesModel;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;

/**
 * The MLlib estimators mlcycle trains for each task, with mlcycle's defaults, and what it needs from their fitted models:
 * the decision threshold of a binary classifier, the positive-class score, and feature importances.
 *
 * <p>Classifiers (binary and multiclass tasks) and regressors read {@link FeaturePipelines#FEATURES_COLUMN} and
 * {@link FeatureFrames#LABEL_COLUMN}. The defaults suit tens of thousands to millions of rows on a couple of cores: a
 * few dozen shallow trees, a hundred optimizer iterations, light L2 regularization. Every parameter can be overridden by
 * the configured grid.
 */
public final class Algorithms {
    /** The vector column whose index 1 holds a probabilistic classifier's positive-class probability. */
    public static final String PROBABILITY_COLUMN = "probability";
    /** The vector column whose index 1 holds a linear SVM's margin (its raw score for class 1). */
    public static final String RAW_PREDICTION_COLUMN = "rawPrediction";

    private Algorithms() {}

    /**
     * The unfitted MLlib estimator of {@code algorithm} for {@code task}, with mlcycle's {@link #defaults}, the features
     * and label columns, {@code seed} where the estimator is randomized, and {@code weightColumn} as its row weight
     * unless it is "".
     *
     * @throws IllegalArgumentException when the algorithm does not apply to the task
     */
    public static Estimator<?> estimator(Algorithm algorithm, TaskType task, String weightColumn, long seed) {
        Predictor<?, ?, ?> predictor = withDefaults(algorithm, task);
        predictor.setFeaturesCol(FeaturePipelines.FEATURES_COLUMN);
        predictor.setLabelCol(FeatureFrames.LABEL_COLUMN);
        ParamMap extra = new ParamMap();
        if (predictor.hasParam("seed")) {
            extra.put(predictor.getParam("seed"), seed);
        }
        if (!weightColumn.isEmpty()) {
            extra.put(weightParam(predictor, algorithm), weightColumn);
        }
        return predictor.copy(extra);
    }

    /**
     * The parameters mlcycle sets on the estimator of {@code algorithm} for {@code task}, by MLlib name (camel case, as
     * MLflow params), sorted by name. The seed, the weight column and the features and label columns are not included:
     * they come from the train config, which the run records on its own.
     */
    public static Map<String, String> defaults(Algorithm algorithm, TaskType task) {
        Predictor<?, ?, ?> predictor = withDefaults(algorithm, task);
        Map<String, String> defaults = new TreeMap<>();
        for (Param<?> param : predictor.params()) {
            if (predictor.isSet(param)) {
                defaults.put(param.name(), String.valueOf(predictor.getOrDefault(param)));
            }
        }
        return java.util.Collections.unmodifiableMap(defaults);
    }

    /**
     * Whether the algorithm's classifier has a probability column. False for the linear SVM, whose score is a margin,
     * and for linear regression, which has no classifier.
     */
    public static boolean probabilistic(Algorithm algorithm) {
        return algorithm != Algorithm.LINEAR_SVM && algorithm != Algorithm.LINEAR_REGRESSION;
    }

    /**
     * The vector column of scored rows whose index 1 is the positive-class score of a binary classifier of
     * {@code algorithm}: {@value #PROBABILITY_COLUMN}, or {@value #RAW_PREDICTION_COLUMN} (the margin) for the linear SVM.
     */
    public static String scoreColumn(Algorithm algorithm) {
        if (algorithm == Algorithm.LINEAR_REGRESSION) {
            throw new IllegalArgumentException("Cannot score classes with linear-regression: it is a regressor and has no"
                    + " positive-class score. Use one of " + Algorithm.namesFor(TaskType.BINARY) + " for a binary task.");
        }
        return probabilistic(algorithm) ? PROBABILITY_COLUMN : RAW_PREDICTION_COLUMN;
    }

    /** The positive-class score of scored rows as a double column (see {@link #scoreColumn(Algorithm)}). */
    public static Column positiveScore(Algorithm algorithm) {
        return secondElement(scoreColumn(algorithm));
    }

    /**
     * The positive-class score of rows scored by {@code model}, a pipeline ending in a fitted binary classifier: its
     * probability column's element 1, or for a classifier without probabilities (the linear SVM) its raw margin.
     */
    public static Column positiveScore(PipelineModel model) {
        ClassificationModel<?, ?> classifier = binaryClassifier(model);
        if (classifier instanceof ProbabilisticClassificationModel<?, ?> probabilistic) {
            return secondElement(probabilistic.getProbabilityCol());
        }
        return secondElement(classifier.getRawPredictionCol());
    }

    /**
     * A copy of {@code model} (a pipeline ending in a fitted binary classifier) whose {@code prediction} is 1 exactly
     * when the positive-class score is greater than {@code threshold}; the argument is left unchanged. The threshold is
     * a param of the final stage, so it is saved and loaded with the pipeline.
     *
     * <ul>
     *   <li>Logistic regression: its own {@code threshold}; MLlib compares the margin with logit(threshold), which is the
     *       same rule except where the probability has rounded to 0 or 1 (margins beyond about ±36).</li>
     *   <li>Other probabilistic classifiers: {@code thresholds = [1 - t, t]}. MLlib predicts the class with the largest
     *       p_i / thresholds_i, the first on a tie, so class 1 wins when p1 / t > p0 / (1 - t), that is p1 > t (with
     *       p0 = 1 - p1; up to rounding when p1 is within an ulp of t). At t = 0 and 1 the division by zero misleads
     *       ([0, 1] predicts 1 when p1 = 1), so t = 0 is set as [∞, 1] (class 1 wins when p1 > 0) and t = 1 as [1, ∞]
     *       (class 1 never wins); MLlib saves ∞ as "Inf" and loads it back.</li>
     *   <li>Linear SVM: {@code threshold} on the raw margin; any finite number.</li>
     * </ul>
     *
     * @param threshold the positive-class probability threshold in [0, 1], or the margin threshold of a linear SVM
     * @throws IllegalArgumentException when the final stage is no binary classifier, or the threshold is out of range
     */
    public static PipelineModel withThreshold(PipelineModel model, double threshold) {
        binaryClassifier(model);
        PipelineModel copy = model.copy(ParamMap.empty());
        Transformer[] stages = copy.stages();
        Transformer last = stages[stages.length - 1];
        if (last instanceof LinearSVCModel svm) {
            checkThreshold(Double.isFinite(threshold), threshold, "a linear SVM's margin threshold must be a finite number");
            svm.setThreshold(threshold);
            return copy;
        }
        checkThreshold(threshold >= 0.0 && threshold <= 1.0, threshold, "a probability threshold must be within [0, 1]");
        if (last instanceof LogisticRegressionModel logistic && logistic.coefficientMatrix().numRows() == 1) {
            logistic.setThreshold(threshold);
        } else if (last instanceof ProbabilisticClassificationModel<?, ?> probabilistic) {
            probabilistic.setThresholds(thresholds(threshold));
        } else {
            throw new IllegalArgumentException("Cannot set the decision threshold of " + last.getClass().getSimpleName()
                    + ": it has neither probabilities nor a margin threshold. Use one of " + Algorithm.namesFor(TaskType.BINARY) + ".");
        }
        return copy;
    }

    /**
     * How much the final stage of {@code model} relies on each feature, largest first: a tree model's feature importances,
     * a linear model's |coefficient| (the largest over the classes of a multinomial logistic regression; comparable
     * across features only when they are on one scale), none for naive Bayes. Features are named by the ML attribute
     * metadata of the {@value FeaturePipelines#FEATURES_COLUMN} column of {@code scoredSchema} (the schema of rows the
     * pipeline transformed); a slot without a name is {@code f<index>}.
     */
    public static List<FeatureImportance> importances(PipelineModel model, StructType scoredSchema) {
        Transformer[] stages = model.stages();
        double[] weights = featureWeights(stages[stages.length - 1]);
        List<String> names = featureNames(scoredSchema, weights.length);
        List<FeatureImportance> importances = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            importances.add(new FeatureImportance(names.get(i), weights[i]));
        }
        importances.sort(Comparator.comparingDouble(FeatureImportance::importance).reversed());
        return List.copyOf(importances);
    }

    private static Predictor<?, ?, ?> withDefaults(Algorithm algorithm, TaskType task) {
        if (!algorithm.supports(task)) {
            String taskName = task.name().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException("Cannot train " + ConfigReader.kebab(algorithm) + " for a " + taskName
                    + " task: MLlib has no " + taskName + " model of it. Use one of " + Algorithm.namesFor(task)
                    + " in mlcycle.train.algorithms.");
        }
        boolean classify = task != TaskType.REGRESSION;
        return switch (algorithm) {
            case LOGISTIC_REGRESSION -> new LogisticRegression().setMaxIter(100).setRegParam(0.01).setElasticNetParam(0.0)
                    .setFamily(task == TaskType.BINARY ? "binomial" : "multinomial");
            case DECISION_TREE -> classify ? new DecisionTreeClassifier().setMaxDepth(6) : new DecisionTreeRegressor().setMaxDepth(6);
            case RANDOM_FOREST -> classify ? new RandomForestClassifier().setNumTrees(60).setMaxDepth(6)
                    : new RandomForestRegressor().setNumTrees(60).setMaxDepth(6);
            case GBT -> classify ? new GBTClassifier().setMaxIter(40).setMaxDepth(4) : new GBTRegressor().setMaxIter(40).setMaxDepth(4);
            case LINEAR_SVM -> new LinearSVC().setMaxIter(100).setRegParam(0.01);
            // gaussian: the multinomial and bernoulli models reject the negative values of standardized features
            case NAIVE_BAYES -> new NaiveBayes().setModelType("gaussian");
            case LINEAR_REGRESSION -> new LinearRegression().setMaxIter(100).setRegParam(0.01).setElasticNetParam(0.0);
        };
    }

    private static Param<Object> weightParam(Predictor<?, ?, ?> predictor, Algorithm algorithm) {
        if (!predictor.hasParam("weightCol")) {
            throw new IllegalArgumentException("Cannot weight the training rows of " + ConfigReader.kebab(algorithm) + ": MLlib's "
                    + predictor.getClass().getSimpleName() + " has no weightCol parameter. Set mlcycle.train.weight-column = \"\""
                    + " or train another algorithm.");
        }
        return predictor.getParam("weightCol");
    }

    /**
     * The decision rule stored in a fitted binary pipeline (the inverse of {@link #withThreshold}): the probability threshold
     * of a probabilistic classifier (0.5 when none was set), the margin threshold of a linear SVM.
     */
    public static BinaryDecision decision(PipelineModel model) {
        ClassificationModel<?, ?> classifier = binaryClassifier(model);
        if (classifier instanceof LinearSVCModel svm) {
            return BinaryDecision.margin(svm.getThreshold());
        }
        if (classifier instanceof LogisticRegressionModel logistic && !logistic.isSet(logistic.thresholds())) {
            return BinaryDecision.probability(logistic.getThreshold());
        }
        ProbabilisticClassificationModel<?, ?> probabilistic = (ProbabilisticClassificationModel<?, ?>) classifier;
        if (!probabilistic.isSet(probabilistic.thresholds())) {
            return BinaryDecision.probability(0.5);
        }
        double[] thresholds = probabilistic.getThresholds();
        if (Double.isInfinite(thresholds[0])) {
            return BinaryDecision.probability(0.0);
        }
        if (Double.isInfinite(thresholds[1])) {
            return BinaryDecision.probability(1.0);
        }
        return BinaryDecision.probability(thresholds[1] / (thresholds[0] + thresholds[1]));
    }

    private static ClassificationModel<?, ?> binaryClassifier(PipelineModel model) {
        Transformer[] stages = model.stages();
        Transformer last = stages.length == 0 ? null : stages[stages.length - 1];
        if (!(last instanceof ClassificationModel<?, ?> classifier)) {
            throw new IllegalArgumentException("Cannot use a decision threshold on pipeline " + model.uid() + ": its final stage is "
                    + (last == null ? "missing" : last.getClass().getSimpleName()) + ", not a fitted classifier."
                    + " Thresholds apply to binary classification models only.");
        }
        if (classifier.numClasses() != 2) {
            throw new IllegalArgumentException("Cannot use a decision threshold on " + last.getClass().getSimpleName() + ": it has "
                    + classifier.numClasses() + " classes. Thresholds apply to binary classification models only.");
        }
        return classifier;
    }

    private static void checkThreshold(boolean valid, double threshold, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("Cannot set the decision threshold to " + threshold + ": " + rule + ".");
        }
    }

    private static double[] thresholds(double threshold) {
        if (threshold == 0.0) {
            return new double[] {Double.POSITIVE_INFINITY, 1.0};
        }
        if (threshold == 1.0) {
            return new double[] {1.0, Double.POSITIVE_INFINITY};
        }
        return new double[] {1.0 - threshold, threshold};
    }

    private static Column secondElement(String vectorColumn) {
        return vector_to_array(col(vectorColumn), "float64").getItem(1);
    }

    private static double[] featureWeights(Transformer finalStage) {
        if (finalStage instanceof LogisticRegressionModel logistic) {
            return largestMagnitudePerColumn(logistic.coefficientMatrix());
        }
        if (finalStage instanceof NaiveBayesModel) {
            return new double[0];
        }
        double[] weights = treeImportances(finalStage);
        if (weights == null) {
            // a dense vector's toArray is its own storage: the copy keeps the model's coefficients as they are
            weights = linearCoefficients(finalStage).toArray().clone();
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.abs(weights[i]);
        }
        return weights;
    }

    /** A tree model's importances (normalized to sum 1 by MLlib); null for any other stage. */
    private static double[] treeImportances(Transformer stage) {
        Vector importances = stage instanceof DecisionTreeClassificationModel tree ? tree.featureImportances()
                : stage instanceof DecisionTreeRegressionModel tree ? tree.featureImportances()
                : stage instanceof RandomForestClassificationModel forest ? forest.featureImportances()
                : stage instanceof RandomForestRegressionModel forest ? forest.featureImportances()
                : stage instanceof GBTClassificationModel boosted ? boosted.featureImportances()
                : stage instanceof GBTRegressionModel boosted ? boosted.featureImportances()
                : null;
        return importances == null ? null : importances.toArray().clone();
    }

    private static Vector linearCoefficients(Transformer stage) {
        if (stage instanceof LinearSVCModel svm) {
            return svm.coefficients();
        }
        if (stage instanceof LinearRegressionModel linear) {
            return linear.coefficients();
        }
        throw new IllegalArgumentException("Cannot rank the features of " + stage.getClass().getSimpleName()
                + ": it is none of the models mlcycle trains (" + java.util.Arrays.toString(Algorithm.values()) + ").");
    }

    private static double[] largestMagnitudePerColumn(Matrix coefficients) {
        double[] largest = new double[coefficients.numCols()];
        for (int row = 0; row < coefficients.numRows(); row++) {
            for (int column = 0; column < largest.length; column++) {
                largest[column] = Math.max(largest[column], Math.abs(coefficients.apply(row, column)));
            }
        }
        return largest;
    }

    private static List<String> featureNames(StructType scoredSchema, int size) {
        String column = FeaturePipelines.FEATURES_COLUMN;
        if (!java.util.Arrays.asList(scoredSchema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("Cannot name the model's features: the scored rows have no '" + column + "' column ("
                    + String.join(", ", scoredSchema.fieldNames()) + "). Pass the schema of the pipeline's transformed rows.");
        }
        AttributeGroup group = AttributeGroup.fromStructField(scoredSchema.apply(column));
        Attribute[] attributes = group.attributes().isDefined() ? group.attributes().get() : new Attribute[0];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            boolean named = i < attributes.length && attributes[i].name().isDefined();
            names.add(named ? attributes[i].name().get() : "f" + i);
        }
        return names;
    }
}
