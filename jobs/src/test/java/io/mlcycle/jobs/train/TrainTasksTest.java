package io.mlcycle.jobs.train;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigValidationException;
import io.mlcycle.common.io.ExperimentTracker.RunStatus;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.features.FeatureSplits;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.ingest.IngestJob;
import io.mlcycle.jobs.ingest.IngestJobConfig;
import io.mlcycle.jobs.silver.SilverJob;
import io.mlcycle.jobs.silver.SilverJobConfig;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.fakes.InMemoryRegistry;
import io.mlcycle.platform.fakes.InMemoryTracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multiclass, regression and binary datasets of their own (generated CSV files, an overlay of conf/application.conf
 * each) through ingest, silver, features and train on real Spark and Delta, with in-memory fakes for MLflow. Expected
 * values come from the generated rows (class counts, majority share, the target's spread) or from scoring the
 * registered model again here, never from the training code.
 */
class TrainTasksTest {
    private static final Path APPLICATION_CONF = Path.of("..", "conf", "application.conf").toAbsolutePath().normalize();
    private static SparkSession spark;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(TrainTasksTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    // ---------------------------------------------------------------- multiclass

    /** Three text classes from a score of the features: low below 0, mid up to 1.2, high above (about 50/23/27 %). */
    private static final String MULTICLASS_DATASET = """
            dataset {
              name = "tiers", task = "multiclass", id-column = "", entity-column = "", time-column = "", label-column = "tier"
              positive-label = "", sensitive-attributes = []
              schema = [
                { name = "x1", type = "double" }, { name = "x2", type = "double" }, { name = "x3", type = "double" },
                { name = "shade", type = "string" }, { name = "tier", type = "string", nullable = false }
              ]
              sources = [ { name = "tiers", type = "files", format = "csv", path = "landing/tiers", header = true } ]
              missing-values = []
              quality { max-rejected-share = 0.05, rules = [], corrections = [] }
              features { numeric = ["x1", "x2", "x3"], categorical = ["shade"], derived = [], lookups = [], aggregates = [] }
            }
            """;

    @Test
    void multiclassTextLabelsTrainEveryAlgorithmAndTheModelAnswersWithTheOriginalLabels() throws Exception {
        Path dir = work.resolve("multiclass");
        List<String> lines = new ArrayList<>(List.of("x1,x2,x3,shade,tier"));
        Map<String, Long> generated = new HashMap<>();
        Random random = new Random(101);
        String[] shades = {"amber", "blue", "coral"};
        for (int i = 0; i < 1200; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            double x3 = random.nextGaussian();
            int shade = random.nextInt(3);
            double score = 1.5 * x1 - x2 + (1 - shade) + 0.3 * random.nextGaussian();
            String tier = score < 0 ? "low" : score < 1.2 ? "mid" : "high";
            generated.merge(tier, 1L, Long::sum);
            lines.add(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%s,%s", x1, x2, x3, shades[shade], tier));
        }
        write(dir.resolve("landing/tiers/part-1.csv"), lines);
        String trainBlock = """
                train {
                  algorithms = [
                    { name = "logistic-regression", grid { reg-param = [0.001, 0.1], max-iter = [30] } }
                    { name = "random-forest", grid { num-trees = [15], max-depth = [5] } }
                    "naive-bayes"
                    { name = "decision-tree", grid { max-depth = [5] } }
                  ]
                  selection-metric = "f1"
                }
                gate { metric-bounds = null, metric-bounds { f1 = 0.5 } }
                evaluation.robustness.enabled = true
                """;
        Path config = overlay(dir, "tiers", MULTICLASS_DATASET, trainBlock);
        Dataset<Row> features = prepare(config);

        Dataset<Row> test = features.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).cache();
        Map<String, Long> testCounts = countBy(test, "tier");
        generated.forEach((tier, rows) -> assertThat(testCounts.get(tier))
                .as("stratified split: round(0.2 x %d) %s rows in test", rows, tier).isEqualTo(Math.round(0.2 * rows)));
        long testRows = test.count();
        double majorityShare = testCounts.values().stream().mapToLong(Long::longValue).max().orElseThrow() / (double) testRows;

        InMemoryTracker tracker = new InMemoryTracker(dir.resolve("artifacts"));
        InMemoryRegistry registry = new InMemoryRegistry();
        TrainJobConfig trainConfig = TrainJobConfig.from(ConfigLoader.load(config));
        TrainJob.Result result = train(trainConfig, tracker, registry, dir);

        InMemoryTracker.Run parent = onlyParent(tracker);
        List<InMemoryTracker.Run> children = childrenOf(tracker, parent);
        assertThat(children).as("2 logistic-regression + 1 random-forest + 1 naive-bayes + 1 decision-tree").hasSize(5)
                .allSatisfy(child -> {
                    assertThat(child.status).isEqualTo(RunStatus.FINISHED);
                    assertThat(child.metrics).containsOnlyKeys("validation_f1");
                    assertThat(child.metrics.get("validation_f1")).isBetween(0.0, 1.0);
                });
        assertThat(children.stream().map(child -> child.params.get("algorithm")).distinct())
                .containsExactlyInAnyOrder("logistic-regression", "random-forest", "naive-bayes", "decision-tree");
        assertThat(parent.status).isEqualTo(RunStatus.FINISHED);
        assertThat(parent.params).containsEntry("task", "multiclass").containsEntry("classes", "high,low,mid")
                .containsEntry("selection_metric", "f1");
        assertThat(parent.metrics).containsKeys("validation_f1", "test_accuracy", "test_f1_weighted", "test_f1_macro", "test_log_loss",
                "test_precision_class_0", "test_recall_class_1", "test_f1_class_2", "test_accuracy_ci_lower", "test_accuracy_ci_upper",
                "test_f1_weighted_ci_lower", "test_f1_weighted_ci_upper");
        assertThat(parent.metrics.keySet()).noneMatch(name -> name.contains("threshold")).anyMatch(name -> name.startsWith("test_robustness_"));
        double accuracy = parent.metrics.get("test_accuracy");
        assertThat(accuracy).as("majority share %.3f", majorityShare).isGreaterThan(majorityShare + 0.2);
        assertThat(parent.metrics.get("test_accuracy_ci_lower")).isLessThanOrEqualTo(accuracy);
        assertThat(parent.metrics.get("test_accuracy_ci_upper")).isGreaterThanOrEqualTo(accuracy);
        assertThat(parent.tags).containsEntry("mlcycle.gate", "passed");
        assertThat(parent.tags.get("mlcycle.gate.min-test-f1")).startsWith("passed: test f1 ").endsWith(">= 0.5000");
        assertThat(artifacts(tracker, parent).resolve("evaluation/confusion_matrix.png")).isNotEmptyFile();

        ModelVersion champion = registry.versionByAlias(trainConfig.mlflow().registeredModel(), "champion").orElseThrow();
        assertThat(champion).isEqualTo(result.registered().orElseThrow());
        PipelineModel model = PipelineModel.load(Path.of(java.net.URI.create(champion.source())).resolve("sparkml").toString());
        List<Row> scored = model.transform(test).select("tier", TrainingData.PREDICTED_LABEL_COLUMN, "prediction").collectAsList();
        List<String> classes = List.of("high", "low", "mid");
        assertThat(scored).hasSize((int) testRows).allSatisfy(row -> assertThat(row.getString(1))
                .as("predicted_label is the class the index names").isEqualTo(classes.get((int) row.getDouble(2))));
        long right = scored.stream().filter(row -> row.getString(0).equals(row.getString(1))).count();
        assertThat(right / (double) testRows).as("accuracy of the registered model, counted here").isCloseTo(accuracy, within(1e-9));
        long high = scored.stream().filter(row -> row.getString(0).equals("high")).count();
        long highFound = scored.stream().filter(row -> row.getString(0).equals("high") && row.getString(1).equals("high")).count();
        assertThat(parent.metrics.get("test_recall_class_0")).as("class 0 is 'high'").isCloseTo(highFound / (double) high, within(1e-9));

        // the same table selected by accuracy
        Path byAccuracy = overlay(dir, "tiers", MULTICLASS_DATASET, """
                train {
                  algorithms = [ { name = "logistic-regression", grid { reg-param = [0.01], max-iter = [30] } }, { name = "decision-tree", grid { max-depth = [3] } } ]
                  selection-metric = "accuracy"
                }
                gate { metric-bounds = null, metric-bounds { accuracy = 0.6 }, min-improvement = -1 }
                """);
        int before = tracker.runs().size();
        TrainJob.Result second = train(TrainJobConfig.from(ConfigLoader.load(byAccuracy)), tracker, registry, dir);
        List<InMemoryTracker.Run> secondChildren = tracker.runs().subList(before + 1, tracker.runs().size());
        assertThat(secondChildren).hasSize(2).allSatisfy(child -> assertThat(child.metrics).containsOnlyKeys("validation_accuracy"));
        InMemoryTracker.Run secondParent = tracker.run(second.runId());
        assertThat(secondParent.params).containsEntry("selection_metric", "accuracy");
        List<Map<String, String>> candidates = candidates(tracker, secondParent);
        assertThat(candidates.get(0)).containsKeys("tuning_accuracy", "validation_accuracy");
        assertChosenIsBest(candidates, "validation_accuracy", true, secondParent.params.get("algorithm"));
        assertThat(secondParent.tags.get("mlcycle.gate.min-test-accuracy")).startsWith("passed: test accuracy ");
        assertThat(secondParent.tags.get("mlcycle.gate.min-improvement")).as("the first model is champion now").startsWith("passed: test accuracy");
        assertThat(registry.versionByAlias(trainConfig.mlflow().registeredModel(), "champion").orElseThrow().version()).isEqualTo("2");
        test.unpersist();
    }

    // ---------------------------------------------------------------- regression

    private static final String REGRESSION_DATASET = """
            dataset {
              name = "yields", task = "regression", id-column = "rid", entity-column = "", time-column = "ts", label-column = "y"
              positive-label = "", sensitive-attributes = []
              schema = [
                { name = "rid", type = "string", nullable = false }, { name = "ts", type = "timestamp", nullable = false }
                { name = "x1", type = "double" }, { name = "x2", type = "double" }, { name = "x3", type = "double" },
                { name = "zone", type = "string" }, { name = "y", type = "double", nullable = false }
              ]
              sources = [ { name = "yields", type = "files", format = "csv", path = "landing/yields", header = true } ]
              missing-values = []
              quality { max-rejected-share = 0.05, rules = [], corrections = [] }
              features { numeric = ["x1", "x2", "x3"], categorical = ["zone"], derived = [], lookups = [], aggregates = [] }
            }
            """;

    @Test
    void regressionSelectsBySmallestRmseAndAFailedGateRegistersWithoutMovingTheChampion() throws Exception {
        Path dir = work.resolve("regression");
        List<String> lines = new ArrayList<>(List.of("rid,ts,x1,x2,x3,zone,y"));
        Random random = new Random(202);
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2026, 1, 1, 0, 0);
        for (int i = 0; i < 1000; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            double x3 = random.nextGaussian();
            int zone = random.nextInt(3);
            double y = 3 * x1 - 2 * x2 + 0.5 * x3 + 1.5 * zone + random.nextGaussian();
            lines.add(String.format(Locale.ROOT, "r%04d,%s,%.5f,%.5f,%.5f,z%d,%.5f", i, start.plusMinutes(i).toString().replace('T', ' '),
                    x1, x2, x3, zone, y));
        }
        write(dir.resolve("landing/yields/part-1.csv"), lines);
        Path config = overlay(dir, "yields", REGRESSION_DATASET, """
                train {
                  algorithms = [
                    { name = "linear-regression", grid { reg-param = [0.0, 0.1], elastic-net-param = [0.0, 0.5], max-iter = [30] } }
                    { name = "gbt", grid { max-iter = [10], max-depth = [3] } }
                    { name = "random-forest", grid { num-trees = [15], max-depth = [5] } }
                    { name = "decision-tree", grid { max-depth = [5] } }
                  ]
                  selection-metric = "rmse"
                }
                gate { metric-bounds = null, metric-bounds { rmse = 2.0 } }
                """);
        Dataset<Row> features = prepare(config);
        Dataset<Row> test = features.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).cache();
        java.sql.Timestamp latestTrain = features.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TRAIN))
                .agg(org.apache.spark.sql.functions.max("ts")).head().getTimestamp(0);
        java.sql.Timestamp earliestTest = test.agg(org.apache.spark.sql.functions.min("ts")).head().getTimestamp(0);
        assertThat(latestTrain).as("a time split: test rows are the latest").isBefore(earliestTest);
        double[] labels = test.select("y").collectAsList().stream().mapToDouble(row -> row.getDouble(0)).toArray();
        double mean = Arrays.stream(labels).average().orElseThrow();
        double deviation = Math.sqrt(Arrays.stream(labels).map(v -> (v - mean) * (v - mean)).sum() / labels.length);

        InMemoryTracker tracker = new InMemoryTracker(dir.resolve("artifacts"));
        InMemoryRegistry registry = new InMemoryRegistry();
        TrainJobConfig trainConfig = TrainJobConfig.from(ConfigLoader.load(config));
        TrainJob.Result first = train(trainConfig, tracker, registry, dir);

        InMemoryTracker.Run parent = onlyParent(tracker);
        List<InMemoryTracker.Run> children = childrenOf(tracker, parent);
        assertThat(children).as("4 linear-regression grid points + gbt + random-forest + decision-tree").hasSize(7)
                .allSatisfy(child -> assertThat(child.metrics).containsOnlyKeys("validation_rmse"));
        assertThat(children.stream().filter(child -> child.params.get("algorithm").equals("linear-regression"))
                .map(child -> child.params.get("reg-param") + "/" + child.params.get("elastic-net-param")))
                .containsExactlyInAnyOrder("0.0/0.0", "0.0/0.5", "0.1/0.0", "0.1/0.5");
        List<Map<String, String>> candidates = candidates(tracker, parent);
        assertThat(candidates).hasSize(7);
        assertChosenIsBest(candidates, "validation_rmse", false, parent.params.get("algorithm"));
        double rmse = parent.metrics.get("test_rmse");
        assertThat(rmse).as("target standard deviation %.3f", deviation).isLessThan(deviation);
        assertThat(parent.metrics.get("test_r2")).isGreaterThan(0.5);
        assertThat(parent.metrics).containsKeys("test_mae", "test_rmse_ci_lower", "test_rmse_ci_upper").doesNotContainKey("threshold");
        Path artifacts = artifacts(tracker, parent);
        assertThat(artifacts.resolve("evaluation/residuals.png")).isNotEmptyFile();
        assertThat(artifacts.resolve("evaluation/predicted_vs_actual.png")).isNotEmptyFile();
        assertThat(parent.tags).containsEntry("mlcycle.gate", "passed");
        assertThat(parent.tags.get("mlcycle.gate.max-test-rmse")).startsWith("passed: test rmse ").endsWith("<= 2.0000");

        String name = trainConfig.mlflow().registeredModel();
        ModelVersion champion = registry.versionByAlias(name, "champion").orElseThrow();
        assertThat(champion.version()).isEqualTo("1");
        PipelineModel model = PipelineModel.load(Path.of(java.net.URI.create(champion.source())).resolve("sparkml").toString());
        List<Row> scored = model.transform(test).select("y", "prediction").collectAsList();
        double squares = scored.stream().mapToDouble(row -> Math.pow(row.getDouble(1) - row.getDouble(0), 2)).sum();
        assertThat(Math.sqrt(squares / scored.size())).as("rmse of the registered model, computed here").isCloseTo(rmse, within(1e-9));

        Path impossible = overlay(dir, "yields", REGRESSION_DATASET, """
                train.algorithms = [ { name = "linear-regression", grid { reg-param = [0.0] } } ]
                train.selection-metric = "rmse"
                gate { metric-bounds = null, metric-bounds { rmse = 0.01 } }
                """);
        TrainJob.Result second = train(TrainJobConfig.from(ConfigLoader.load(impossible)), tracker, registry, dir);
        ModelVersion failed = second.registered().orElseThrow();
        assertThat(failed.version()).isEqualTo("2");
        assertThat(registry.tags(name, "2")).containsEntry("mlcycle.gate", "failed");
        assertThat(registry.tags(name, "2").get("mlcycle.gate.failures")).contains("max-test-rmse");
        assertThat(tracker.run(second.runId()).tags).containsEntry("mlcycle.gate", "failed");
        assertThat(registry.versionByAlias(name, "champion").orElseThrow()).as("the champion stays").isEqualTo(first.registered().orElseThrow());
        test.unpersist();
    }

    // ---------------------------------------------------------------- binary options

    private static final String BINARY_DATASET = """
            dataset {
              name = "flags", task = "binary", id-column = "bid", entity-column = "", time-column = "", label-column = "y"
              positive-label = "", sensitive-attributes = []
              schema = [
                { name = "bid", type = "string", nullable = false }, { name = "x1", type = "double" }, { name = "x2", type = "double" }
                { name = "grp", type = "string" }, { name = "w", type = "double" }, { name = "y", type = "integer", nullable = false }
              ]
              sources = [ { name = "flags", type = "files", format = "csv", path = "landing/flags", header = true } ]
              missing-values = []
              quality { max-rejected-share = 0.05, rules = [], corrections = [] }
              features { numeric = ["x1", "x2"], categorical = ["grp"], derived = [], lookups = [], aggregates = [] }
            }
            """;

    @Test
    void binaryOptionsWeightCrossValidationFixedThresholdAndAMarginModel() throws Exception {
        Path dir = work.resolve("binary");
        List<String> lines = new ArrayList<>(List.of("bid,x1,x2,grp,w,y"));
        Random random = new Random(303);
        for (int i = 0; i < 1000; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            int group = random.nextInt(2);
            double p = 1 / (1 + Math.exp(-(2 * x1 - 1.5 * x2 + (group == 0 ? 0.5 : -0.5))));
            int y = random.nextDouble() < p ? 1 : 0;
            lines.add(String.format(Locale.ROOT, "b%04d,%.5f,%.5f,g%d,%.1f,%d", i, x1, x2, group, 1.0 + random.nextInt(3), y));
        }
        write(dir.resolve("landing/flags/part-1.csv"), lines);
        Path config = overlay(dir, "flags", BINARY_DATASET, """
                train {
                  algorithms = [ { name = "logistic-regression", grid { reg-param = [0.001, 0.1], max-iter = [30] } } ]
                  weight-column = "w"
                  tuning { method = "cross-validation", folds = 2 }
                  threshold { rule = "fixed", fixed = 0.3 }
                }
                """);
        Dataset<Row> features = prepare(config);
        Dataset<Row> test = features.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).cache();

        InMemoryTracker tracker = new InMemoryTracker(dir.resolve("artifacts"));
        InMemoryRegistry registry = new InMemoryRegistry();
        TrainJob.Result weighted = train(TrainJobConfig.from(ConfigLoader.load(config)), tracker, registry, dir);
        InMemoryTracker.Run parent = tracker.run(weighted.runId());
        List<InMemoryTracker.Run> children = childrenOf(tracker, parent);
        assertThat(children).hasSize(2).allSatisfy(child -> {
            assertThat(child.params).containsEntry("weight-col", "w");
            assertThat(child.metrics).containsOnlyKeys("validation_auc_roc");
            assertThat(child.metrics.get("validation_auc_roc")).isBetween(0.6, 1.0);
        });
        assertThat(parent.params).containsEntry("weight_column", "w").containsEntry("model.weight-col", "w")
                .containsEntry("tuning_method", "cross-validation").containsEntry("tuning_folds", "2").containsEntry("threshold_rule", "fixed");
        assertThat(parent.metrics.get("threshold")).isEqualTo(0.3);
        assertThat(parent.metrics.get("test_threshold")).isEqualTo(0.3);
        assertThat(parent.metrics).containsKeys("test_log_loss", "test_brier");
        PipelineModel logistic = registeredModel(weighted);
        List<Row> probabilities = logistic.transform(test).select(vector_to_array(col("probability"), "float64").getItem(1), col("prediction"))
                .collectAsList();
        assertThat(probabilities).allSatisfy(row -> assertThat(row.getDouble(1)).isEqualTo(row.getDouble(0) > 0.3 ? 1.0 : 0.0));
        assertThat(probabilities.stream().filter(row -> row.getDouble(0) > 0.3 && row.getDouble(0) <= 0.5).count())
                .as("rows that only the 0.3 threshold makes positive").isPositive();

        Path svmConfig = overlay(dir, "flags", BINARY_DATASET, """
                train {
                  algorithms = [ { name = "linear-svm", grid { max-iter = [30] } } ]
                  threshold { rule = "max-f1" }
                }
                gate.min-improvement = -1
                """);
        TrainJob.Result svm = train(TrainJobConfig.from(ConfigLoader.load(svmConfig)), tracker, registry, dir);
        InMemoryTracker.Run svmRun = tracker.run(svm.runId());
        assertThat(svmRun.params).containsEntry("algorithm", "linear-svm").containsEntry("threshold_rule", "max-f1");
        assertThat(svmRun.metrics).containsKeys("test_auc_roc", "test_f1", "threshold").doesNotContainKeys("test_log_loss", "test_brier",
                "test_log_loss_ci_lower", "test_brier_ci_lower");
        double margin = svmRun.metrics.get("threshold");
        assertThat(svmRun.metrics.get("test_threshold")).isEqualTo(margin);
        List<Row> margins = registeredModel(svm).transform(test)
                .select(vector_to_array(col("rawPrediction"), "float64").getItem(1), col("prediction")).collectAsList();
        assertThat(margins).as("positive exactly when the margin is above the threshold").allSatisfy(row ->
                assertThat(row.getDouble(1)).isEqualTo(row.getDouble(0) > margin ? 1.0 : 0.0));
        assertThat(margins.stream().mapToDouble(row -> row.getDouble(0)).filter(value -> value < 0 || value > 1).count())
                .as("the scores are margins, not probabilities").isPositive();
        test.unpersist();
    }

    @Test
    void anAlgorithmTheTaskHasNoneOfIsAConfigErrorNamingTheKey() throws Exception {
        Path dir = work.resolve("config-error");
        Path config = overlay(dir, "tiers", MULTICLASS_DATASET, """
                train.algorithms = [ "logistic-regression", "gbt" ]
                train.selection-metric = "f1"
                gate { metric-bounds = null, metric-bounds { f1 = 0.5 } }
                """);
        assertThatThrownBy(() -> TrainJobConfig.from(ConfigLoader.load(config)))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("mlcycle.train.algorithms[1].name")
                .hasMessageContaining("gbt")
                .hasMessageContaining("multiclass");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A config file in {@code dir}: conf/application.conf, the dataset block, smaller evaluation settings (no slices, 50
     * bootstrap replicates, no robustness unless the block turns it on), and the test's own train and gate blocks.
     */
    private static Path overlay(Path dir, String name, String dataset, String train) throws IOException {
        Files.createDirectories(dir);
        String text = "include file(\"" + APPLICATION_CONF + "\")\n"
                + "mlcycle {\n"
                + "  work-dir = \"" + dir + "\"\n"
                + "  dataset = null\n"
                + dataset.indent(2)
                + "  lake.silver-table = \"silver/" + name + "\"\n"
                + "  mlflow.registered-model = \"tasks-" + name + "\"\n"
                + "  evaluation { segments = [], bootstrap.replicates = 50, robustness.enabled = false }\n"
                + train.indent(2)
                + "}\n";
        Path file = Files.createTempFile(dir, name + "-", ".conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** ingest, silver and features from the config; the feature table's latest version. */
    private static Dataset<Row> prepare(Path configFile) {
        var config = ConfigLoader.load(configFile);
        IngestJobConfig ingest = IngestJobConfig.from(config);
        SilverJobConfig silver = SilverJobConfig.from(config);
        FeaturesJobConfig features = FeaturesJobConfig.from(config);
        new IngestJob(spark, ingest.dataset(), ingest.lake(), "").run();
        new SilverJob(spark, silver.lake(), silver.dataset()).run();
        new FeaturesJob(spark, features).run();
        return spark.read().format("delta").load(features.lake().featuresTable());
    }

    private static TrainJob.Result train(TrainJobConfig config, InMemoryTracker tracker, InMemoryRegistry registry, Path dir) {
        return new TrainJob(spark, config, tracker, new ModelPublisher(tracker, registry, dir.resolve("scratch")), registry).train();
    }

    private static PipelineModel registeredModel(TrainJob.Result result) {
        return PipelineModel.load(Path.of(java.net.URI.create(result.registered().orElseThrow().source())).resolve("sparkml").toString());
    }

    private static InMemoryTracker.Run onlyParent(InMemoryTracker tracker) {
        List<InMemoryTracker.Run> parents = tracker.runs().stream().filter(run -> !run.tags.containsKey(CandidateSearch.PARENT_RUN_TAG)).toList();
        assertThat(parents).as("one training run holds the search").hasSize(1);
        return parents.get(0);
    }

    private static List<InMemoryTracker.Run> childrenOf(InMemoryTracker tracker, InMemoryTracker.Run parent) {
        return tracker.runs().stream().filter(run -> parent.id.equals(run.tags.get(CandidateSearch.PARENT_RUN_TAG))).toList();
    }

    private static Path artifacts(InMemoryTracker tracker, InMemoryTracker.Run run) {
        return Path.of(java.net.URI.create(tracker.artifactUri(run.id)));
    }

    /** The parent run's candidates.csv as rows of column name to cell (no cell of these holds a comma). */
    private static List<Map<String, String>> candidates(InMemoryTracker tracker, InMemoryTracker.Run parent) throws IOException {
        List<String> lines = Files.readAllLines(artifacts(tracker, parent).resolve("candidates/candidates.csv"));
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Exactly one chosen row, of {@code algorithm}, whose validation value is the best among the algorithms' winners. */
    private static void assertChosenIsBest(List<Map<String, String>> candidates, String column, boolean largerIsBetter, String algorithm) {
        List<Map<String, String>> winners = candidates.stream().filter(row -> row.get("algorithm_winner").equals("true")).toList();
        assertThat(winners).as("one winner per algorithm")
                .hasSize((int) candidates.stream().map(row -> row.get("algorithm")).distinct().count());
        List<Map<String, String>> chosen = candidates.stream().filter(row -> row.get("chosen").equals("true")).toList();
        assertThat(chosen).hasSize(1);
        assertThat(chosen.get(0).get("algorithm")).isEqualTo(algorithm);
        Function<Map<String, String>, Double> value = row -> Double.parseDouble(row.get(column));
        double best = winners.stream().map(value).reduce(largerIsBetter ? Math::max : Math::min).orElseThrow();
        assertThat(value.apply(chosen.get(0))).as("the chosen algorithm's %s is the best of %s", column, winners).isEqualTo(best);
    }

    private static Map<String, Long> countBy(Dataset<Row> rows, String column) {
        Map<String, Long> counts = new HashMap<>();
        rows.groupBy(column).count().collectAsList().forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
