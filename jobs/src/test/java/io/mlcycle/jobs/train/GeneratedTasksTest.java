package io.mlcycle.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.jobs.features.FeatureSplits;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.generate.GenerateJob;
import io.mlcycle.jobs.generate.GenerateJobConfig;
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
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in data's other two tasks, each from its overlay (conf/tasks/multiclass.conf, conf/tasks/regression.conf)
 * with a smaller history and one algorithm: generate, ingest, silver, features and train on real Spark and Delta, with
 * in-memory fakes for MLflow. The trained model must beat a trivial baseline computed here from the test rows (always the
 * majority grade; always the mean rate), and no other task's target may reach the feature table.
 */
class GeneratedTasksTest {
    private static final Path TASKS = Path.of("..", "conf", "tasks").toAbsolutePath().normalize();
    private static final int ROWS = 3000;
    private static final List<String> TARGETS = List.of("defaulted", "risk_grade", "interest_rate");
    private static SparkSession spark;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(GeneratedTasksTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theMulticlassOverlayTrainsARiskGradeModelThatBeatsTheMajorityGrade() throws Exception {
        Path dir = work.resolve("multiclass");
        Path config = overlay(dir, "multiclass.conf", """
                train.algorithms = [ { name = "logistic-regression", grid { reg-param = [0.001], max-iter = [50] } } ]
                """);
        Dataset<Row> test = generateAndPrepare(config, "risk_grade");

        List<Row> counts = test.groupBy("risk_grade").count().collectAsList();
        assertThat(counts).extracting(row -> row.getString(0)).containsExactlyInAnyOrder("A", "B", "C");
        long testRows = counts.stream().mapToLong(row -> row.getLong(1)).sum();
        double majorityShare = counts.stream().mapToLong(row -> row.getLong(1)).max().orElseThrow() / (double) testRows;

        InMemoryTracker.Run run = train(config, dir);

        assertThat(run.params).containsEntry("task", "multiclass").containsEntry("classes", "A,B,C").containsEntry("selection_metric", "f1");
        assertThat(run.metrics.get("test_accuracy")).as("always the majority grade: %.3f", majorityShare).isGreaterThan(majorityShare + 0.1);
        assertThat(run.tags).as("the overlay's gate: f1 >= 0.5").containsEntry("mlcycle.gate", "passed");
    }

    @Test
    void theRegressionOverlayTrainsAnInterestRateModelThatBeatsTheMean() throws Exception {
        Path dir = work.resolve("regression");
        Path config = overlay(dir, "regression.conf", """
                train.algorithms = [ { name = "linear-regression", grid { reg-param = [0.0], max-iter = [50] } } ]
                """);
        Dataset<Row> test = generateAndPrepare(config, "interest_rate");

        double[] rates = test.select("interest_rate").collectAsList().stream().mapToDouble(row -> row.getDouble(0)).toArray();
        double mean = Arrays.stream(rates).average().orElseThrow();
        double meanRmse = Math.sqrt(Arrays.stream(rates).map(rate -> (rate - mean) * (rate - mean)).sum() / rates.length);

        InMemoryTracker.Run run = train(config, dir);

        assertThat(run.params).containsEntry("task", "regression").containsEntry("selection_metric", "rmse");
        assertThat(run.metrics.get("test_rmse")).as("always the test rows' mean rate: rmse %.3f", meanRmse).isLessThan(0.7 * meanRmse);
        assertThat(run.metrics.get("test_r2")).isGreaterThan(0.5);
        assertThat(run.tags).as("the overlay's gate: rmse <= 1.6").containsEntry("mlcycle.gate", "passed");
    }

    /** Generates the history, runs ingest, silver and features; checks no other target leaks; the test split. */
    private static Dataset<Row> generateAndPrepare(Path configFile, String label) {
        var config = ConfigLoader.load(configFile);
        GenerateJobConfig generate = GenerateJobConfig.from(config);
        IngestJobConfig ingest = IngestJobConfig.from(config);
        SilverJobConfig silver = SilverJobConfig.from(config);
        FeaturesJobConfig features = FeaturesJobConfig.from(config);
        DatasetSpec dataset = ingest.dataset();
        List<String> others = TARGETS.stream().filter(target -> !target.equals(label)).toList();
        assertThat(dataset.labelColumn()).isEqualTo(label);
        assertThat(dataset.schema()).extracting(column -> column.name()).contains(label).doesNotContainAnyElementsOf(others);
        assertThat(dataset.numericFeatures()).doesNotContainAnyElementsOf(TARGETS);
        assertThat(dataset.categoricalFeatures()).doesNotContainAnyElementsOf(TARGETS);

        new GenerateJob(spark, generate.generator(), generate.kafka()).run();
        new IngestJob(spark, dataset, ingest.lake(), "").run();
        new SilverJob(spark, silver.lake(), silver.dataset()).run();
        new FeaturesJob(spark, features).run();

        Dataset<Row> table = spark.read().format("delta").load(features.lake().featuresTable());
        assertThat(table.columns()).as("the other tasks' targets are never ingested").doesNotContainAnyElementsOf(others);
        assertThat(table.count()).as("clean generated rows all reach the feature table").isEqualTo(ROWS);
        return table.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST)).cache();
    }

    private static InMemoryTracker.Run train(Path configFile, Path dir) {
        InMemoryTracker tracker = new InMemoryTracker(dir.resolve("artifacts"));
        InMemoryRegistry registry = new InMemoryRegistry();
        TrainJobConfig config = TrainJobConfig.from(ConfigLoader.load(configFile));
        TrainJob.Result result = new TrainJob(spark, config, tracker, new ModelPublisher(tracker, registry, dir.resolve("scratch")), registry)
                .train();
        assertThat(result.registered()).isPresent();
        return tracker.run(result.runId());
    }

    /** The task's overlay with a small history and the test's algorithm, smaller evaluation settings, in {@code dir}. */
    private static Path overlay(Path dir, String task, String train) throws IOException {
        Files.createDirectories(dir);
        String text = "include file(\"" + TASKS.resolve(task) + "\")\n"
                + "mlcycle {\n"
                + "  work-dir = \"" + dir + "\"\n"
                + "  generator.history-rows = " + ROWS + "\n"
                + "  evaluation { segments = [], bootstrap.replicates = 50, robustness.enabled = false }\n"
                + train.indent(2)
                + "}\n";
        Path file = dir.resolve("test-" + task);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
