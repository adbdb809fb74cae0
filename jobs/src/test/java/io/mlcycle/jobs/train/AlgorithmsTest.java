package io.mlcycle.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.report.FeatureImportance;
import io.mlcycle.platform.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every algorithm on generated data whose label depends on {@code signal} only ({@code noise_a}, {@code noise_b} are
 * independent of it), judged against baselines computed here: the majority share, the label's standard deviation, and
 * thresholds applied to the scores by hand.
 */
class AlgorithmsTest {
    private static final StructType SCHEMA = new StructType()
            .add("signal", DataTypes.DoubleType, false)
            .add("noise_a", DataTypes.DoubleType, false)
            .add("noise_b", DataTypes.DoubleType, false)
            .add("label", DataTypes.DoubleType, false)
            .add("weight", DataTypes.DoubleType, false);
    private static final List<String> INPUTS = List.of("signal", "noise_a", "noise_b");
    private static final long SEED = 42;
    private static final Map<String, PipelineModel> FITTED = new HashMap<>();
    private static SparkSession spark;

    @TempDir
    Path scratch;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(AlgorithmsTest.class);
        // hundreds of rows: compiling whole-stage code for each query costs more than it saves
        spark.conf().set("spark.sql.codegen.wholeStage", "false");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Every supported pair, written out by hand with the MLlib class it must build. */
    static Stream<Arguments> supportedPairs() {
        return Stream.of(
                Arguments.of(Algorithm.LOGISTIC_REGRESSION, TaskType.BINARY, "LogisticRegression"),
                Arguments.of(Algorithm.LOGISTIC_REGRESSION, TaskType.MULTICLASS, "LogisticRegression"),
                Arguments.of(Algorithm.DECISION_TREE, TaskType.BINARY, "DecisionTreeClassifier"),
                Arguments.of(Algorithm.DECISION_TREE, TaskType.MULTICLASS, "DecisionTreeClassifier"),
                Arguments.of(Algorithm.DECISION_TREE, TaskType.REGRESSION, "DecisionTreeRegressor"),
                Arguments.of(Algorithm.RANDOM_FOREST, TaskType.BINARY, "RandomForestClassifier"),
                Arguments.of(Algorithm.RANDOM_FOREST, TaskType.MULTICLASS, "RandomForestClassifier"),
                Arguments.of(Algorithm.RANDOM_FOREST, TaskType.REGRESSION, "RandomForestRegressor"),
                Arguments.of(Algorithm.GBT, TaskType.BINARY, "GBTClassifier"),
                Arguments.of(Algorithm.GBT, TaskType.REGRESSION, "GBTRegressor"),
                Arguments.of(Algorithm.LINEAR_SVM, TaskType.BINARY, "LinearSVC"),
                Arguments.of(Algorithm.NAIVE_BAYES, TaskType.BINARY, "NaiveBayes"),
                Arguments.of(Algorithm.NAIVE_BAYES, TaskType.MULTICLASS, "NaiveBayes"),
                Arguments.of(Algorithm.LINEAR_REGRESSION, TaskType.REGRESSION, "LinearRegression"));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("supportedPairs")
    void everySupportedPairFitsAndBeatsATrivialBaseline(Algorithm algorithm, TaskType task, String mllibClass) {
        Estimator<?> estimator = Algorithms.estimator(algorithm, task, "", SEED);
        assertThat(estimator.getClass().getSimpleName()).isEqualTo(mllibClass);
        assertThat(estimator.getOrDefault(estimator.getParam("featuresCol"))).isEqualTo("features");
        assertThat(estimator.getOrDefault(estimator.getParam("labelCol"))).isEqualTo("label");

        List<Row> test = rows(task, 300, 2).collectAsList();
        List<Row> scored = fitted(algorithm, task).transform(rows(task, 300, 2)).select("label", "prediction").collectAsList();

        if (task == TaskType.REGRESSION) {
            double rmse = Math.sqrt(scored.stream().mapToDouble(r -> Math.pow(r.getDouble(0) - r.getDouble(1), 2)).average().orElseThrow());
            // predicting the mean has an RMSE of the standard deviation (about 2.06 by construction)
            assertThat(rmse).isLessThan(0.5 * standardDeviation(test));
        } else {
            double accuracy = scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count() / (double) scored.size();
            assertThat(accuracy).isGreaterThan(majorityShare(test) + (task == TaskType.BINARY ? 0.1 : 0.15));
        }
    }

    @Test
    void thePositiveScoreRanksPositivesAboveNegatives() {
        for (Algorithm algorithm : List.of(Algorithm.LOGISTIC_REGRESSION, Algorithm.GBT, Algorithm.LINEAR_SVM, Algorithm.NAIVE_BAYES)) {
            PipelineModel model = fitted(algorithm, TaskType.BINARY);
            List<Row> scored = model.transform(rows(TaskType.BINARY, 300, 2))
                    .select(Algorithms.positiveScore(algorithm).as("score"), Algorithms.positiveScore(model).as("by_model"),
                            org.apache.spark.sql.functions.col(Algorithms.scoreColumn(algorithm)), org.apache.spark.sql.functions.col("label"))
                    .collectAsList();
            for (Row row : scored) {
                assertThat(row.getDouble(0)).isEqualTo(((Vector) row.get(2)).apply(1)).isEqualTo(row.getDouble(1));
            }
            double positives = scored.stream().filter(r -> r.getDouble(3) == 1).mapToDouble(r -> r.getDouble(0)).average().orElseThrow();
            double negatives = scored.stream().filter(r -> r.getDouble(3) == 0).mapToDouble(r -> r.getDouble(0)).average().orElseThrow();
            assertThat(positives).as(algorithm.name()).isGreaterThan(negatives + 0.3);
        }
        assertThat(Algorithms.scoreColumn(Algorithm.LINEAR_SVM)).isEqualTo("rawPrediction");
        assertThat(Algorithms.scoreColumn(Algorithm.RANDOM_FOREST)).isEqualTo("probability");
        assertThat(Algorithms.probabilistic(Algorithm.LINEAR_SVM)).isFalse();
        assertThat(Algorithms.probabilistic(Algorithm.NAIVE_BAYES)).isTrue();
        assertThatThrownBy(() -> Algorithms.scoreColumn(Algorithm.LINEAR_REGRESSION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear-regression: it is a regressor");
    }

    @Test
    void unsupportedPairsFailNamingTheAlgorithmTheTaskAndWhatFits() {
        assertThatThrownBy(() -> Algorithms.estimator(Algorithm.GBT, TaskType.MULTICLASS, "", SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot train gbt for a multiclass task: MLlib has no multiclass model of it. Use one of"
                        + " [logistic-regression, decision-tree, random-forest, naive-bayes] in mlcycle.train.algorithms.");
        assertThatThrownBy(() -> Algorithms.estimator(Algorithm.NAIVE_BAYES, TaskType.REGRESSION, "w", SEED))
                .hasMessageContaining("naive-bayes for a regression task")
                .hasMessageContaining("[decision-tree, random-forest, gbt, linear-regression]");
        assertThatThrownBy(() -> Algorithms.defaults(Algorithm.LINEAR_REGRESSION, TaskType.BINARY))
                .hasMessageContaining("linear-regression for a binary task")
                .hasMessageContaining("[logistic-regression, decision-tree, random-forest, gbt, linear-svm, naive-bayes]");
        for (Object[] pair : new Object[][] {{Algorithm.LINEAR_SVM, TaskType.MULTICLASS}, {Algorithm.LINEAR_SVM, TaskType.REGRESSION},
                {Algorithm.LOGISTIC_REGRESSION, TaskType.REGRESSION}, {Algorithm.LINEAR_REGRESSION, TaskType.MULTICLASS}}) {
            assertThatThrownBy(() -> Algorithms.estimator((Algorithm) pair[0], (TaskType) pair[1], "", SEED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Cannot train ");
        }
    }

    @Test
    void defaultsAreWhatMlcycleSetsAndTheEstimatorCarriesThem() {
        assertThat(Algorithms.defaults(Algorithm.LOGISTIC_REGRESSION, TaskType.BINARY))
                .containsExactly(Map.entry("elasticNetParam", "0.0"), Map.entry("family", "binomial"), Map.entry("maxIter", "100"),
                        Map.entry("regParam", "0.01"));
        assertThat(Algorithms.defaults(Algorithm.LOGISTIC_REGRESSION, TaskType.MULTICLASS)).containsEntry("family", "multinomial");
        assertThat(Algorithms.defaults(Algorithm.RANDOM_FOREST, TaskType.REGRESSION))
                .isEqualTo(Map.of("numTrees", "60", "maxDepth", "6"));
        assertThat(Algorithms.defaults(Algorithm.GBT, TaskType.BINARY)).isEqualTo(Map.of("maxIter", "40", "maxDepth", "4"));
        assertThat(Algorithms.defaults(Algorithm.NAIVE_BAYES, TaskType.MULTICLASS)).isEqualTo(Map.of("modelType", "gaussian"));
        assertThat(Algorithms.defaults(Algorithm.LINEAR_SVM, TaskType.BINARY)).isEqualTo(Map.of("maxIter", "100", "regParam", "0.01"));
        assertThat(Algorithms.defaults(Algorithm.LINEAR_REGRESSION, TaskType.REGRESSION))
                .isEqualTo(Map.of("maxIter", "100", "regParam", "0.01", "elasticNetParam", "0.0"));

        Estimator<?> forest = Algorithms.estimator(Algorithm.RANDOM_FOREST, TaskType.BINARY, "", 7);
        assertThat(value(forest, "numTrees")).isEqualTo(60);
        assertThat(value(forest, "maxDepth")).isEqualTo(6);
        assertThat(value(forest, "seed")).isEqualTo(7L);
        assertThat(Algorithms.estimator(Algorithm.LOGISTIC_REGRESSION, TaskType.BINARY, "", 7).hasParam("seed")).isFalse();
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("supportedPairs")
    void theWeightColumnIsSetOnlyWhenConfigured(Algorithm algorithm, TaskType task, String mllibClass) {
        Estimator<?> weighted = Algorithms.estimator(algorithm, task, "importance", SEED);
        Estimator<?> unweighted = Algorithms.estimator(algorithm, task, "", SEED);

        assertThat(value(weighted, "weightCol")).isEqualTo("importance");
        assertThat(unweighted.isSet(unweighted.getParam("weightCol"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGISTIC_REGRESSION", "DECISION_TREE", "NAIVE_BAYES"})
    void upWeightingThePositiveClassRaisesThePredictedPositiveShare(String name) {
        Algorithm algorithm = Algorithm.valueOf(name);
        Dataset<Row> train = rows(TaskType.BINARY, 400, 1);
        Dataset<Row> test = rows(TaskType.BINARY, 300, 2);

        // the same rows and pipeline as fitted(), which fits unweighted
        double unweighted = positiveShare(fitted(algorithm, TaskType.BINARY), test);
        double weighted = positiveShare(pipeline(Algorithms.estimator(algorithm, TaskType.BINARY, "weight", SEED)).fit(train), test);

        // positives weigh 8 times a negative, so the fit moves its boundary into the negatives
        assertThat(weighted).isGreaterThan(unweighted + 0.05);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGISTIC_REGRESSION", "RANDOM_FOREST", "GBT"})
    void withThresholdPredictsPositiveExactlyWhenTheProbabilityExceedsIt(String name) throws IOException {
        PipelineModel model = fitted(Algorithm.valueOf(name), TaskType.BINARY);
        Dataset<Row> test = rows(TaskType.BINARY, 300, 2);
        for (double threshold : new double[] {0.3, 0.7}) {
            PipelineModel thresholded = Algorithms.withThreshold(model, threshold);

            List<Row> scored = scored(thresholded, test, "probability");
            assertPredictsAbove(scored, threshold);
            // rows whose probability lies between 0.5 and the threshold change class, so the test can tell the difference
            assertThat(scored.stream().filter(r -> between(positiveScore(r), 0.5, threshold)).count()).isPositive();
        }
        assertPredictsAbove(scored(reloaded(Algorithms.withThreshold(model, 0.7)), test, "probability"), 0.7);
        // the stored rule reads back (a champion's threshold when the gate scores it), also after save/load
        assertThat(Algorithms.decision(reloaded(Algorithms.withThreshold(model, 0.7))).threshold()).isCloseTo(0.7, within(1e-12));
        assertThat(Algorithms.decision(model).threshold()).isEqualTo(0.5);
        // the argument keeps its own rule: probability above one half
        assertPredictsAbove(scored(model, test, "probability"), 0.5);
    }

    @Test
    void thresholdsZeroAndOneKeepTheRuleWhereProbabilitiesAreExactlyZeroOrOne() throws IOException {
        PipelineModel tree = fitted(Algorithm.DECISION_TREE, TaskType.BINARY);
        Dataset<Row> test = rows(TaskType.BINARY, 300, 2);
        List<Row> plain = scored(tree, test, "probability");
        // a tree's pure leaves give probabilities of exactly 0 and 1, where [1 - t, t] would divide zero by zero
        assertThat(plain.stream().filter(r -> positiveScore(r) == 1.0).count()).isPositive();
        assertThat(plain.stream().filter(r -> positiveScore(r) == 0.0).count()).isPositive();

        for (double threshold : new double[] {0.0, 1.0}) {
            PipelineModel thresholded = Algorithms.withThreshold(tree, threshold);
            assertPredictsAbove(scored(thresholded, test, "probability"), threshold);
            assertPredictsAbove(scored(reloaded(thresholded), test, "probability"), threshold);
            assertThat(Algorithms.decision(reloaded(thresholded)).threshold()).isEqualTo(threshold);
        }
        PipelineModel logistic = Algorithms.withThreshold(fitted(Algorithm.LOGISTIC_REGRESSION, TaskType.BINARY), 1.0);
        assertThat(scored(logistic, test, "probability")).allSatisfy(r -> assertThat(r.getDouble(1)).isZero());
    }

    @Test
    void aLinearSvmThresholdIsOnTheMargin() throws IOException {
        PipelineModel svm = fitted(Algorithm.LINEAR_SVM, TaskType.BINARY);
        Dataset<Row> test = rows(TaskType.BINARY, 300, 2);
        for (double threshold : new double[] {-0.5, 0.5}) {
            PipelineModel thresholded = Algorithms.withThreshold(svm, threshold);

            List<Row> scored = scored(thresholded, test, "rawPrediction");
            assertPredictsAbove(scored, threshold);
            assertThat(scored.stream().filter(r -> between(positiveScore(r), 0.0, threshold)).count()).isPositive();
        }
        assertPredictsAbove(scored(reloaded(Algorithms.withThreshold(svm, 0.5)), test, "rawPrediction"), 0.5);
        assertThat(Algorithms.decision(reloaded(Algorithms.withThreshold(svm, 0.5)))).isEqualTo(io.mlcycle.jobs.evaluate.BinaryDecision.margin(0.5));
        assertPredictsAbove(scored(svm, test, "rawPrediction"), 0.0);
    }

    @Test
    void withThresholdRejectsWhatItCannotThreshold() {
        PipelineModel logistic = fitted(Algorithm.LOGISTIC_REGRESSION, TaskType.BINARY);
        assertThatThrownBy(() -> Algorithms.withThreshold(logistic, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot set the decision threshold to 1.5: a probability threshold must be within [0, 1].");
        assertThatThrownBy(() -> Algorithms.withThreshold(logistic, Double.NaN)).hasMessageContaining("within [0, 1]");
        assertThatThrownBy(() -> Algorithms.withThreshold(fitted(Algorithm.LINEAR_SVM, TaskType.BINARY), Double.POSITIVE_INFINITY))
                .hasMessageContaining("margin threshold must be a finite number");
        assertThatThrownBy(() -> Algorithms.withThreshold(fitted(Algorithm.RANDOM_FOREST, TaskType.MULTICLASS), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RandomForestClassificationModel: it has 3 classes");
        assertThatThrownBy(() -> Algorithms.withThreshold(fitted(Algorithm.GBT, TaskType.REGRESSION), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its final stage is GBTRegressionModel, not a fitted classifier");
    }

    static Stream<Arguments> rankedModels() {
        return Stream.of(
                Arguments.of(Algorithm.RANDOM_FOREST, TaskType.BINARY),
                Arguments.of(Algorithm.DECISION_TREE, TaskType.MULTICLASS),
                Arguments.of(Algorithm.GBT, TaskType.REGRESSION),
                Arguments.of(Algorithm.LOGISTIC_REGRESSION, TaskType.BINARY),
                Arguments.of(Algorithm.LOGISTIC_REGRESSION, TaskType.MULTICLASS),
                Arguments.of(Algorithm.LINEAR_SVM, TaskType.BINARY),
                Arguments.of(Algorithm.LINEAR_REGRESSION, TaskType.REGRESSION));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("rankedModels")
    void importancesAreNamedAfterTheAssembledColumnsWithTheSignalFirst(Algorithm algorithm, TaskType task) {
        PipelineModel model = fitted(algorithm, task);
        StructType scoredSchema = model.transform(rows(task, 10, 3)).schema();
        List<Row> before = model.transform(rows(task, 20, 4)).collectAsList();

        List<FeatureImportance> importances = Algorithms.importances(model, scoredSchema);

        assertThat(model.transform(rows(task, 20, 4)).collectAsList()).as("reading importances leaves the model as it was").isEqualTo(before);

        assertThat(importances).extracting(FeatureImportance::name).containsExactlyInAnyOrderElementsOf(INPUTS);
        assertThat(importances.get(0).name()).isEqualTo("signal");
        assertThat(importances.get(0).importance()).isGreaterThan(2 * importances.get(1).importance());
        assertThat(importances).extracting(FeatureImportance::importance)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder())
                .allSatisfy(value -> assertThat(value).isNotNegative());
    }

    @Test
    void oneHotSlotsAreNamedAfterTheirColumnAndCategory() {
        StructType schema = new StructType().add("signal", DataTypes.DoubleType).add("color", DataTypes.StringType)
                .add("label", DataTypes.DoubleType);
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 300; i++) {
            String color = colors[i % 3];
            // the label is the colour being red, one row in ten flipped; signal is unrelated to it
            double label = color.equals("red") ^ random.nextInt(10) == 0 ? 1 : 0;
            rows.add(RowFactory.create(random.nextGaussian(), color, label));
        }
        PipelineStage[] stages = {
            new StringIndexer().setInputCol("color").setOutputCol("color_index").setStringOrderType("alphabetAsc"),
            new OneHotEncoder().setInputCol("color_index").setOutputCol("color_vec").setDropLast(false),
            new VectorAssembler().setInputCols(new String[] {"signal", "color_vec"}).setOutputCol("features"),
            Algorithms.estimator(Algorithm.DECISION_TREE, TaskType.BINARY, "", SEED)};
        Dataset<Row> data = spark.createDataFrame(rows, schema);
        PipelineModel model = new Pipeline().setStages(stages).fit(data);

        List<FeatureImportance> importances = Algorithms.importances(model, model.transform(data).schema());

        assertThat(importances).extracting(FeatureImportance::name)
                .containsExactlyInAnyOrder("signal", "color_vec_blue", "color_vec_green", "color_vec_red");
        assertThat(importances.get(0).name()).isEqualTo("color_vec_red");
    }

    @Test
    void importancesFallBackToSlotNamesAndAreEmptyForNaiveBayes() {
        PipelineModel forest = fitted(Algorithm.RANDOM_FOREST, TaskType.BINARY);
        StructType unnamed = new StructType().add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);

        assertThat(Algorithms.importances(forest, unnamed)).extracting(FeatureImportance::name).containsExactlyInAnyOrder("f0", "f1", "f2")
                .first().isEqualTo("f0");
        PipelineModel bayes = fitted(Algorithm.NAIVE_BAYES, TaskType.BINARY);
        assertThat(Algorithms.importances(bayes, bayes.transform(rows(TaskType.BINARY, 10, 3)).schema())).isEmpty();
        assertThatThrownBy(() -> Algorithms.importances(forest, SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the scored rows have no 'features' column");
    }

    // --- fixture -------------------------------------------------------------------------------------------------

    /**
     * Rows whose label depends on {@code signal} plus noise. Binary: 1 when signal + 0.5 e > 0.4 (about 36% positive;
     * positives weigh 8). Multiclass: signal + 0.4 e cut at -0.6 and 0.6. Regression: 2 signal + 1 + 0.5 e.
     */
    private static Dataset<Row> rows(TaskType task, int count, long seed) {
        Random random = new Random(seed * 31 + task.ordinal());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double signal = random.nextGaussian();
            double label = switch (task) {
                case BINARY -> signal + 0.5 * random.nextGaussian() > 0.4 ? 1 : 0;
                case MULTICLASS -> {
                    double z = signal + 0.4 * random.nextGaussian();
                    yield z < -0.6 ? 0 : z < 0.6 ? 1 : 2;
                }
                case REGRESSION -> 2 * signal + 1 + 0.5 * random.nextGaussian();
            };
            rows.add(RowFactory.create(signal, random.nextGaussian(), random.nextGaussian(), label, label == 1 ? 8.0 : 1.0));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The estimator with 10 optimizer iterations, 5 boosting rounds and 15 trees at most, to keep the test fast. */
    private static Pipeline pipeline(Estimator<?> estimator) {
        ParamMap fewer = new ParamMap();
        if (estimator.hasParam("maxIter")) {
            fewer.put(estimator.getParam("maxIter"), estimator.getClass().getSimpleName().startsWith("GBT") ? 5 : 10);
        }
        if (estimator.hasParam("numTrees")) {
            fewer.put(estimator.getParam("numTrees"), 15);
        }
        return assembled(estimator.copy(fewer));
    }

    private static Pipeline assembled(Estimator<?> estimator) {
        VectorAssembler assembler = new VectorAssembler().setInputCols(INPUTS.toArray(String[]::new)).setOutputCol("features");
        return new Pipeline().setStages(new PipelineStage[] {assembler, estimator});
    }

    private static PipelineModel fitted(Algorithm algorithm, TaskType task) {
        return FITTED.computeIfAbsent(algorithm + "/" + task,
                key -> pipeline(Algorithms.estimator(algorithm, task, "", SEED)).fit(rows(task, 400, 1)));
    }

    private PipelineModel reloaded(PipelineModel model) throws IOException {
        Path path = Files.createTempDirectory(scratch, "model");
        model.write().overwrite().save(path.toString());
        return PipelineModel.load(path.toString());
    }

    /** The score vector and the prediction of each row. */
    private static List<Row> scored(PipelineModel model, Dataset<Row> rows, String scoreVector) {
        return model.transform(rows).select(scoreVector, "prediction").collectAsList();
    }

    private static void assertPredictsAbove(List<Row> scored, double threshold) {
        for (Row row : scored) {
            double expected = positiveScore(row) > threshold ? 1.0 : 0.0;
            assertThat(row.getDouble(1)).as("score %s, threshold %s", row.get(0), threshold).isEqualTo(expected);
        }
    }

    /** Element 1 of the row's score vector: the positive-class probability, or an SVM's margin. */
    private static double positiveScore(Row row) {
        return ((Vector) row.get(0)).apply(1);
    }

    private static boolean between(double value, double a, double b) {
        return value > Math.min(a, b) && value <= Math.max(a, b);
    }

    private static double positiveShare(PipelineModel model, Dataset<Row> rows) {
        List<Row> predictions = model.transform(rows).select("prediction").collectAsList();
        return predictions.stream().filter(r -> r.getDouble(0) == 1.0).count() / (double) predictions.size();
    }

    private static double majorityShare(List<Row> rows) {
        Map<Double, Long> counts = new HashMap<>();
        rows.forEach(r -> counts.merge(r.getDouble(3), 1L, Long::sum));
        return counts.values().stream().mapToLong(Long::longValue).max().orElseThrow() / (double) rows.size();
    }

    private static double standardDeviation(List<Row> rows) {
        double mean = rows.stream().mapToDouble(r -> r.getDouble(3)).average().orElseThrow();
        return Math.sqrt(rows.stream().mapToDouble(r -> Math.pow(r.getDouble(3) - mean, 2)).average().orElseThrow());
    }

    private static Object value(Params params, String name) {
        return params.getOrDefault(params.getParam(name));
    }
}
