package io.mlcycle.jobs.evaluate;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.common.config.EvaluationSettings;
import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.FeatureSpec;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.jobs.evaluate.gate.Gate;
import io.mlcycle.jobs.evaluate.gate.GateResult;
import io.mlcycle.jobs.report.CandidateComparison;
import io.mlcycle.jobs.report.CandidateScore;
import io.mlcycle.jobs.report.FeatureImportance;
import io.mlcycle.platform.SparkTestSession;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Column;
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

/**
 * {@link ModelEvaluation} on small generated datasets with real fitted pipelines. Expected values come from the metric
 * classes applied directly to {@code model.transform(test)} and from plain Spark counts over the same rows.
 */
class ModelEvaluationTest {
    private static final String SCRIPT = "<script>alert('x')</script>";
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("x1", DataTypes.DoubleType, true)
            .add("x2", DataTypes.DoubleType, true)
            .add("age", DataTypes.DoubleType, true)
            .add("channel", DataTypes.StringType, true)
            .add("region", DataTypes.StringType, true)
            .add("label", DataTypes.DoubleType, false);
    private static final double THRESHOLD = 0.4;
    private static final EvaluationSettings SETTINGS = new EvaluationSettings(new EvaluationSettings.Bootstrap(60, 0.9, 100_000),
            List.of(new EvaluationSettings.Segment("channel", List.of()), new EvaluationSettings.Segment("age", List.of(30.0, 50.0))),
            20, 20, new EvaluationSettings.Robustness(true, 0.5, 0.2), 10, 300);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(ModelEvaluationTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void binaryEvaluationMatchesTheMetricClassesAndPlainCounts(@TempDir Path dir) throws IOException {
        Dataset<Row> rows = spark.createDataFrame(rows(TaskType.BINARY, 1600, 11), SCHEMA);
        Dataset<Row> train = rows.filter(col("id").lt("r0800"));
        Dataset<Row> test = rows.filter(col("id").geq("r0800")).cache();
        PipelineModel model = pipeline(new LogisticRegression().setMaxIter(20)).fit(train);
        EvaluationInput input = EvaluationInput.binary(model, test, dataset(TaskType.BINARY), BinaryDecision.probability(THRESHOLD), SETTINGS, 5)
                .withFeatureImportances(List.of(new FeatureImportance("x1", 1.2), new FeatureImportance("x2", -0.6)));

        EvaluationResult result = ModelEvaluation.evaluate(input);
        Map<String, Double> metrics = result.metrics();

        Dataset<Row> scored = model.transform(test);
        Map<String, Double> direct = BinaryMetrics.evaluate(scored, ScoredColumns.defaults(), ChosenThreshold.fixed(Math.nextUp(THRESHOLD)))
                .asMetrics("test_");
        direct.forEach((key, value) -> {
            if (!key.equals("test_threshold")) {
                assertThat(metrics.get(key)).as(key).isEqualTo(value);
            }
        });
        assertThat(metrics).containsEntry("test_threshold", THRESHOLD).containsKeys("test_log_loss", "test_brier", "test_f1_class_0");
        Column positive = vector_to_array(col("probability"), "float64").getItem(1).gt(THRESHOLD);
        assertThat(metrics.get("test_accuracy")).isEqualTo(share(scored, positive.equalTo(col("label").equalTo(1.0))));
        assertThat(metrics.get("test_tp")).isEqualTo((double) scored.filter(positive.and(col("label").equalTo(1.0))).count());
        assertThat(metrics.get("test_auc_roc")).isGreaterThan(0.75);

        for (String metric : List.of("auc_roc", "auc_pr", "log_loss", "brier", "f1", "accuracy")) {
            assertThat(metrics.get("test_" + metric + "_ci_lower")).as(metric).isLessThanOrEqualTo(metrics.get("test_" + metric));
            assertThat(metrics.get("test_" + metric + "_ci_upper")).as(metric).isGreaterThanOrEqualTo(metrics.get("test_" + metric));
        }

        // slices: one per channel value and age bucket, rows as plain counts give them
        for (Row group : test.groupBy("channel").count().collectAsList()) {
            String key = group.getString(0).equals(SCRIPT) ? "script_alert_x_script" : group.getString(0);
            assertThat(metrics.get("test_slice_channel_" + key + "_rows")).as(key).isEqualTo((double) group.getLong(1));
        }
        assertThat(metrics.get("test_slice_age_lt_30_rows") + metrics.get("test_slice_age_30_to_50_rows") + metrics.get("test_slice_age_ge_50_rows"))
                .isEqualTo((double) test.count());
        assertThat(metrics.get("test_slice_age_lt_30_rows")).isEqualTo((double) test.filter(col("age").lt(30)).count());

        // fairness by region: max - min selection rate over regions, computed here from the scored rows
        Row rates = scored.groupBy("region").agg(avg(when(positive, 1.0).otherwise(0.0)).as("rate"))
                .agg(max("rate"), min("rate")).head();
        assertThat(metrics.get("test_fairness_region_demographic_parity_difference"))
                .isCloseTo(rates.getDouble(0) - rates.getDouble(1), within(1e-12));
        assertThat(result.fairness()).extracting(report -> report.attribute()).containsExactly("region");

        // robustness: its clean figures are the headline ones; strong perturbations cost accuracy or AUC
        assertThat(metrics.get("test_robustness_clean_accuracy")).isEqualTo(metrics.get("test_accuracy"));
        assertThat(metrics.get("test_robustness_clean_auc_roc")).isCloseTo(metrics.get("test_auc_roc"), within(1e-12));
        assertThat(metrics).containsKeys("test_robustness_gaussian_noise_auc_roc_drop", "test_robustness_missing_values_f1_drop");
        assertThat(metrics.get("test_robustness_gaussian_noise_auc_roc_drop")).isPositive();

        assertThat(result.charts().keySet()).containsExactly("roc.png", "precision_recall.png", "confusion_matrix.png", "calibration.png",
                "feature_importance.png");
        result.charts().forEach((name, png) -> assertThat(decode(png).getWidth()).as(name).isEqualTo(800));
        assertThat(ModelEvaluation.testMetrics(input)).isEqualTo(result.headlineMetrics());

        GateResult gate = new Gate(new GateSettings(Map.of("auc-roc", 0.6), Map.of(), 0.0, 0.0), TaskType.BINARY, "auc-roc")
                .check(metrics, result.fairness(), Optional.empty());
        CandidateComparison candidates = new CandidateComparison("auc-roc", List.of(
                new CandidateScore("logistic-regression", 1, Map.of("regParam", "0.1"), 0.81),
                new CandidateScore("logistic-regression", 2, Map.of("regParam", "0.01"), 0.83)), 1);
        List<Path> written = result.writeArtifacts(dir, gate, Map.of("Run id", "run-1"), Optional.of(candidates));

        assertThat(written).extracting(path -> path.getFileName().toString()).containsExactly("roc.png", "precision_recall.png",
                "confusion_matrix.png", "calibration.png", "feature_importance.png", "candidates.png", "evaluation_report.html");
        assertThat(decode(Files.readAllBytes(dir.resolve("candidates.png"))).getHeight()).isEqualTo(600);
        String html = Files.readString(dir.resolve("evaluation_report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<td>min-test-auc-roc</td>", "<td>min-improvement</td>", "no champion to compare with",
                        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "<h2>Metrics by segment</h2>", "<h2>Fairness by sensitive attribute</h2>",
                        "<h2>Robustness to perturbed test rows</h2>", "logistic-regression #2", "<td>run-1</td>")
                .doesNotContain("<script");
    }

    @Test
    void aMarginModelIsEvaluatedOnItsMarginWithoutProbabilityMetrics() {
        Dataset<Row> rows = spark.createDataFrame(rows(TaskType.BINARY, 1200, 12), SCHEMA);
        Dataset<Row> train = rows.filter(col("id").lt("r0600"));
        Dataset<Row> test = rows.filter(col("id").geq("r0600")).cache();
        PipelineModel model = pipeline(new LinearSVC().setMaxIter(20)).fit(train);
        double threshold = -0.25;
        EvaluationInput input = EvaluationInput.binary(model, test, dataset(TaskType.BINARY), BinaryDecision.margin(threshold), SETTINGS, 5);

        EvaluationResult result = ModelEvaluation.evaluate(input);
        Map<String, Double> metrics = result.metrics();

        Dataset<Row> scored = model.transform(test);
        Map<String, Double> direct = BinaryMetrics.evaluate(scored, new ScoredColumns("label", "prediction", "rawPrediction"),
                ChosenThreshold.fixed(Math.nextUp(threshold))).asMetrics("test_");
        for (String key : List.of("test_accuracy", "test_f1", "test_auc_roc", "test_auc_pr", "test_tp", "test_fp", "test_f1_macro")) {
            assertThat(metrics.get(key)).as(key).isEqualTo(direct.get(key));
        }
        Column positive = vector_to_array(col("rawPrediction"), "float64").getItem(1).gt(threshold);
        assertThat(metrics.get("test_accuracy")).isEqualTo(share(scored, positive.equalTo(col("label").equalTo(1.0))));
        assertThat(metrics).doesNotContainKeys("test_log_loss", "test_brier", "test_log_loss_ci_lower", "test_brier_ci_upper")
                .containsKeys("test_auc_roc_ci_lower", "test_fairness_region_demographic_parity_difference", "test_robustness_gaussian_noise_f1_drop");
        // slices decide on the squashed margin as the headline does on the margin: their predicted positives add up to TP + FP
        double predictedPositives = result.slices().stream().filter(slice -> slice.column().equals("channel"))
                .mapToDouble(slice -> slice.predictedPositiveRate() * slice.rows()).sum();
        assertThat(predictedPositives).isCloseTo(metrics.get("test_tp") + metrics.get("test_fp"), within(1e-6));
        assertThat(metrics.get("test_robustness_clean_accuracy")).isEqualTo(metrics.get("test_accuracy"));
        assertThat(result.charts()).doesNotContainKey("calibration.png").containsKeys("roc.png", "confusion_matrix.png");
        assertThat(ModelEvaluation.testMetrics(input)).isEqualTo(result.headlineMetrics());
    }

    @Test
    void multiclassEvaluationMatchesMulticlassMetrics() {
        Dataset<Row> rows = spark.createDataFrame(rows(TaskType.MULTICLASS, 1200, 13), SCHEMA);
        Dataset<Row> train = rows.filter(col("id").lt("r0600"));
        Dataset<Row> test = rows.filter(col("id").geq("r0600")).cache();
        PipelineModel model = pipeline(new LogisticRegression().setMaxIter(20)).fit(train);
        EvaluationInput input = EvaluationInput.of(model, test, dataset(TaskType.MULTICLASS), SETTINGS, 5);

        EvaluationResult result = ModelEvaluation.evaluate(input);
        Map<String, Double> metrics = result.metrics();

        Dataset<Row> scored = model.transform(test);
        MulticlassMetrics.evaluate(scored, ScoredColumns.defaults()).asMetrics("test_")
                .forEach((key, value) -> assertThat(metrics.get(key)).as(key).isEqualTo(value));
        assertThat(metrics.get("test_accuracy")).isEqualTo(share(scored, col("prediction").equalTo(col("label"))));
        assertThat(metrics).containsKeys("test_f1_class_2", "test_log_loss", "test_robustness_gaussian_noise_accuracy_drop",
                "test_robustness_missing_values_f1_weighted_drop");
        assertThat(metrics.get("test_accuracy_ci_lower")).isLessThanOrEqualTo(metrics.get("test_accuracy"));
        assertThat(metrics.get("test_f1_weighted_ci_upper")).isGreaterThanOrEqualTo(metrics.get("test_f1_weighted"));
        assertThat(metrics.keySet()).noneMatch(key -> key.startsWith("test_slice_") || key.startsWith("test_fairness_"));
        assertThat(result.charts().keySet()).containsExactly("confusion_matrix.png");
        assertThat(decode(result.charts().get("confusion_matrix.png")).getWidth()).isEqualTo(800);
        assertThat(ModelEvaluation.testMetrics(input)).isEqualTo(result.headlineMetrics());
    }

    @Test
    void regressionEvaluationMatchesRegressionMetricsAndDrawsItsCharts() {
        Dataset<Row> rows = spark.createDataFrame(rows(TaskType.REGRESSION, 1200, 14), SCHEMA);
        Dataset<Row> train = rows.filter(col("id").lt("r0600"));
        Dataset<Row> test = rows.filter(col("id").geq("r0600")).cache();
        PipelineModel model = pipeline(new LinearRegression()).fit(train);
        EvaluationInput input = EvaluationInput.of(model, test, dataset(TaskType.REGRESSION), SETTINGS, 5);

        EvaluationResult result = ModelEvaluation.evaluate(input);
        Map<String, Double> metrics = result.metrics();

        Dataset<Row> scored = model.transform(test);
        RegressionMetrics.evaluate(scored, ScoredColumns.defaults()).asMetrics("test_")
                .forEach((key, value) -> assertThat(metrics.get(key)).as(key).isEqualTo(value));
        Column error = col("prediction").minus(col("label"));
        double rmse = scored.agg(sqrt(avg(error.multiply(error)))).head().getDouble(0);
        assertThat(metrics.get("test_rmse")).isCloseTo(rmse, within(1e-9));
        assertThat(metrics).containsKeys("test_mae", "test_r2", "test_mape", "test_mape_excluded_rows", "test_median_absolute_error",
                "test_robustness_gaussian_noise_rmse_increase", "test_robustness_missing_values_r2_drop");
        for (String metric : List.of("rmse", "mae", "r2", "median_absolute_error")) {
            assertThat(metrics.get("test_" + metric + "_ci_lower")).as(metric).isLessThanOrEqualTo(metrics.get("test_" + metric));
            assertThat(metrics.get("test_" + metric + "_ci_upper")).as(metric).isGreaterThanOrEqualTo(metrics.get("test_" + metric));
        }
        assertThat(metrics.get("test_robustness_gaussian_noise_rmse_increase")).isPositive();
        assertThat(result.charts().keySet()).containsExactly("residuals.png", "predicted_vs_actual.png");
        result.charts().forEach((name, png) -> assertThat(decode(png).getHeight()).as(name).isEqualTo(600));
        assertThat(ModelEvaluation.testMetrics(input)).isEqualTo(result.headlineMetrics());
    }

    @Test
    void rejectsScoredRowsAndAMissingDecision() {
        Dataset<Row> rows = spark.createDataFrame(rows(TaskType.BINARY, 200, 15), SCHEMA);
        PipelineModel model = pipeline(new LogisticRegression().setMaxIter(20)).fit(rows);
        EvaluationInput scored = EvaluationInput.binary(model, model.transform(rows), dataset(TaskType.BINARY),
                BinaryDecision.probability(0.5), SETTINGS, 1);

        assertThatThrownBy(() -> ModelEvaluation.evaluate(scored)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot evaluate a model on rows that already have its output columns [probability, rawPrediction, prediction]: "
                        + "pass the test rows as they were before model.transform.");
        assertThatThrownBy(() -> EvaluationInput.of(model, rows, dataset(TaskType.BINARY), SETTINGS, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot evaluate a binary model without a binary decision threshold");
    }

    private static Pipeline pipeline(PipelineStage estimator) {
        return new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCols(new String[] {"channel", "region"}).setOutputCols(new String[] {"channel_index", "region_index"})
                    .setHandleInvalid("keep"),
            new Imputer().setInputCols(new String[] {"x1", "x2", "age"}).setOutputCols(new String[] {"x1_imputed", "x2_imputed", "age_imputed"}),
            new VectorAssembler().setInputCols(new String[] {"x1_imputed", "x2_imputed", "age_imputed", "channel_index", "region_index"})
                    .setOutputCol("features"),
            estimator});
    }

    private static DatasetSpec dataset(TaskType task) {
        List<ColumnSpec> schema = List.of(new ColumnSpec("id", ColumnType.STRING, false), new ColumnSpec("x1", ColumnType.DOUBLE, true),
                new ColumnSpec("x2", ColumnType.DOUBLE, true), new ColumnSpec("age", ColumnType.DOUBLE, true),
                new ColumnSpec("channel", ColumnType.STRING, true), new ColumnSpec("region", ColumnType.STRING, true),
                new ColumnSpec("y", ColumnType.DOUBLE, false));
        return new DatasetSpec("fixture", task, "id", "", "", "y", "", schema, List.of("region"), List.of(), List.of(), QualitySpec.none(),
                FeatureSpec.of(List.of("x1", "x2", "age"), List.of("channel", "region")));
    }

    /** Rows whose label depends on x1, x2 and the region; a few channels are a script, to check the report escapes it. */
    private static List<Row> rows(TaskType task, int count, long seed) {
        Random random = new Random(seed);
        String[] channels = {"web", "branch", "phone"};
        String[] regions = {"north", "south"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            double age = 20 + random.nextInt(60);
            String channel = i % 50 == 7 ? SCRIPT : channels[random.nextInt(channels.length)];
            String region = regions[random.nextInt(regions.length)];
            double signal = 1.6 * x1 - 1.1 * x2 + (region.equals("north") ? 0.4 : -0.4);
            double label = switch (task) {
                case BINARY -> random.nextDouble() < 1 / (1 + Math.exp(-signal)) ? 1.0 : 0.0;
                case MULTICLASS -> signal + 0.5 * random.nextGaussian() < -0.8 ? 0.0 : signal < 0.8 ? 1.0 : 2.0;
                case REGRESSION -> 10 + 3 * signal + random.nextGaussian();
            };
            rows.add(RowFactory.create(String.format("r%04d", i), random.nextInt(40) == 0 ? null : x1, x2, age, channel, region, label));
        }
        return rows;
    }

    private static double share(Dataset<Row> scored, Column condition) {
        Row row = scored.agg(count(when(condition, lit(1))), count(lit(1))).head();
        return (double) row.getLong(0) / row.getLong(1);
    }

    private static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).isNotNull();
            return image;
        } catch (IOException e) {
            throw new AssertionError("not a readable image", e);
        }
    }
}
