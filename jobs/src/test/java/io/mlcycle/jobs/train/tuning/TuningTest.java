package io.mlcycle.jobs.train.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.platform.SparkTestSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Grids from config text, and the search on data whose best setting is known from how it was made. */
class TuningTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(TuningTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aGridIsTheCrossProductOfTheConfiguredValuesTypedByTheParameter() {
        LogisticRegression lr = new LogisticRegression();
        Map<String, List<String>> grid = new LinkedHashMap<>();
        grid.put("reg-param", List.of("0.0", "0.1", "1.0"));
        grid.put("fit-intercept", List.of("true", "false"));
        grid.put("maxIter", List.of("50"));

        ParamMap[] points = ParamGrids.build(lr, "mlcycle.train.grids.logistic-regression", grid);

        assertThat(points).hasSize(3 * 2 * 1);
        assertThat(java.util.Arrays.stream(points).map(ParamGrids::describe))
                .contains(Map.of("reg-param", "0.1", "fit-intercept", "false", "max-iter", "50"));
        assertThat(ParamGrids.build(lr, "k", Map.of())).hasSize(1);
    }

    @Test
    void aWrongNameOrValueSaysWhatTheEstimatorHas() {
        RandomForestClassifier forest = new RandomForestClassifier();
        assertThatThrownBy(() -> ParamGrids.build(forest, "mlcycle.train.grids.random-forest", Map.of("num-tress", List.of("10"))))
                .hasMessageContaining("mlcycle.train.grids.random-forest.num-tress")
                .hasMessageContaining("has no parameter 'numTress'")
                .hasMessageContaining("num-trees");
        assertThatThrownBy(() -> ParamGrids.build(forest, "g", Map.of("max-depth", List.of("deep"))))
                .hasMessageContaining("g.max-depth").hasMessageContaining("integer");
        assertThatThrownBy(() -> ParamGrids.build(forest, "g", Map.of("num-trees", List.of("0"))))
                .hasMessageContaining("not a valid value of numTrees");
        assertThatThrownBy(() -> ParamGrids.build(forest, "g", Map.of("impurity", List.of("gini", "chaos"))))
                .hasMessageContaining("g.impurity = chaos");
        assertThatThrownBy(() -> ParamGrids.build(forest, "g", Map.of("max-depth", List.of())))
                .hasMessageContaining("the list of values is empty");
    }

    @Test
    void theSearchPrefersTheSettingThatFitsAndRefitsItOnAllTrainingRows() {
        // y = 1 exactly when x1 + x2 > 0: a tiny penalty separates it well, a huge one shrinks the model to a constant.
        Dataset<Row> rows = classification(400, 11);
        Pipeline pipeline = pipeline(new LogisticRegression().setLabelCol(FeatureFrames.LABEL_COLUMN));
        LogisticRegression lr = (LogisticRegression) pipeline.getStages()[1];
        ParamMap[] grid = ParamGrids.build(lr, "g", Map.of("reg-param", List.of("1000.0", "0.001")));

        for (Tuning.Method method : Tuning.Method.values()) {
            Tuning.Result result = Tuning.tune(pipeline, grid, Evaluators.of(TaskType.BINARY, "accuracy"), rows,
                    new Tuning.Settings(method, 3, 0.75, 1, 5));

            assertThat(result.candidates()).hasSize(2);
            assertThat(result.winner().params()).containsEntry("reg-param", "0.001");
            assertThat(result.winner().validationMetric()).isGreaterThan(0.9);
            // a constant model is right about as often as the majority class: about half of these rows
            assertThat(result.candidates().get(0).validationMetric()).isLessThan(0.7);
            assertThat(((org.apache.spark.ml.classification.LogisticRegressionModel) result.best().stages()[1]).getRegParam()).isEqualTo(0.001);
        }
    }

    @Test
    void regressionPicksTheLowerErrorAndKnowsSmallerIsBetter() {
        // y = 3 x + small noise: no penalty beats a huge one by far in RMSE.
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add(FeatureFrames.LABEL_COLUMN, DataTypes.DoubleType);
        Random random = new Random(3);
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double x = random.nextGaussian();
            data.add(RowFactory.create(x, random.nextGaussian(), 3 * x + 0.05 * random.nextGaussian()));
        }
        Pipeline pipeline = pipeline(new LinearRegression().setLabelCol(FeatureFrames.LABEL_COLUMN));
        ParamMap[] grid = ParamGrids.build(pipeline.getStages()[1], "g", Map.of("reg-param", List.of("50.0", "0.0")));

        Tuning.Result result = Tuning.tune(pipeline, grid, Evaluators.of(TaskType.REGRESSION, "rmse"), spark.createDataFrame(data, schema),
                new Tuning.Settings(Tuning.Method.TRAIN_VALIDATION_SPLIT, 2, 0.7, 1, 5));

        assertThat(result.largerIsBetter()).isFalse();
        assertThat(result.winner().params()).containsEntry("reg-param", "0.0");
        assertThat(result.winner().validationMetric()).isLessThan(0.2);
        assertThat(result.candidates().get(0).validationMetric()).isGreaterThan(1.0);
    }

    @Test
    void aMetricMustFitTheTask() {
        assertThatThrownBy(() -> Evaluators.of(TaskType.REGRESSION, "auc-roc"))
                .hasMessageContaining("for a regression task: use one of [rmse, mae, r2]");
        assertThat(Evaluators.of(TaskType.BINARY, "log-loss").isLargerBetter()).isFalse();
    }

    @Test
    void binaryAucRanksRowsByTheGivenScoreColumn() {
        // a shallow tree: mixed leaves, whose rawPrediction holds class counts, not an order of the positive probability
        Dataset<Row> rows = classification(400, 17);
        org.apache.spark.ml.PipelineModel tree = pipeline(new org.apache.spark.ml.classification.DecisionTreeClassifier()
                .setLabelCol(FeatureFrames.LABEL_COLUMN).setMaxDepth(2)).fit(rows);
        Dataset<Row> scored = tree.transform(rows);
        List<Row> scores = scored.select(org.apache.spark.ml.functions.vector_to_array(org.apache.spark.sql.functions.col("probability"), "float64")
                .getItem(1), org.apache.spark.sql.functions.col(FeatureFrames.LABEL_COLUMN)).collectAsList();
        // AUC by its definition: the share of (positive, negative) pairs ranked right, ties counting one half
        double right = 0;
        long pairs = 0;
        for (Row positive : scores) {
            for (Row negative : scores) {
                if (positive.getDouble(1) == 1.0 && negative.getDouble(1) == 0.0) {
                    pairs++;
                    right += Double.compare(positive.getDouble(0), negative.getDouble(0)) > 0 ? 1.0
                            : positive.getDouble(0) == negative.getDouble(0) ? 0.5 : 0.0;
                }
            }
        }

        assertThat(Evaluators.of(TaskType.BINARY, "auc-roc", "probability").evaluate(scored)).isCloseTo(right / pairs,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    private static Pipeline pipeline(PipelineStage estimator) {
        return new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features"), estimator});
    }

    private static Dataset<Row> classification(int n, long seed) {
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add(FeatureFrames.LABEL_COLUMN, DataTypes.DoubleType);
        Random random = new Random(seed);
        List<Row> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            data.add(RowFactory.create(x1, x2, x1 + x2 > 0 ? 1.0 : 0.0));
        }
        return spark.createDataFrame(data, schema);
    }
}
