package io.mlcycle.jobs.retrain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.common.features.FeaturePipelines;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.synthetic.LoanApplication;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.Regime;
import io.mlcycle.jobs.train.ModelPublisher;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.fakes.InMemoryRegistry;
import io.mlcycle.platform.fakes.InMemoryTracker;
import io.mlcycle.platform.model.ModelCache;
import io.mlcycle.platform.model.SparkModelPackage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
 * The retrain of the two other built-in tasks, from their overlays (conf/tasks/multiclass.conf, regression.conf), on real
 * Spark and Delta with in-memory fakes for MLflow: a champion fitted here on clean rows, a predictions table of drifted
 * events (covariate and concept drift, as in the demo), their labels as Kafka records (a few of them unusable). The
 * retrained challenger must be promoted, and on a fresh drifted sample that neither model saw, scored here by hand, it
 * must beat both the champion and a constant answer (the majority grade, the mean rate).
 */
class RetrainTasksTest {
    private static final Path TASKS = Path.of("..", "conf", "tasks").toAbsolutePath().normalize();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final int CLEAN_ROWS = 2000;
    private static final int DRIFTED_ROWS = 2000;
    private static final int FRESH_ROWS = 1500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType EVENT = new StructType()
            .add("application_id", DataTypes.StringType).add("customer_id", DataTypes.StringType).add("event_time", DataTypes.TimestampType)
            .add("amount", DataTypes.DoubleType).add("income", DataTypes.DoubleType).add("age", DataTypes.DoubleType)
            .add("credit_score", DataTypes.DoubleType).add("tenure_months", DataTypes.DoubleType).add("open_loans", DataTypes.DoubleType)
            .add("channel", DataTypes.StringType).add("region", DataTypes.StringType).add("employment", DataTypes.StringType)
            .add("risk_grade", DataTypes.StringType).add("interest_rate", DataTypes.DoubleType);
    private static final StructType KAFKA = new StructType()
            .add("value", DataTypes.BinaryType).add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType);

    private static SparkSession spark;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(RetrainTasksTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aMulticlassChallengerRetrainedOnDriftedEventsBeatsTheCleanChampion() throws Exception {
        Retrained retrained = retrain("multiclass", "risk_grade", """
                train.algorithms = [
                  { name = "logistic-regression", grid { reg-param = [0.001], max-iter = [50] } }
                  { name = "decision-tree", grid { max-depth = [5] } }
                ]
                """, new LogisticRegression().setMaxIter(50).setRegParam(0.001),
                rows -> rows.withColumn(FeatureFrames.LABEL_COLUMN, when(col("risk_grade").equalTo("A"), 0.0)
                        .when(col("risk_grade").equalTo("B"), 1.0).otherwise(2.0)));

        assertThat(retrained.run.params).containsEntry("task", "multiclass").containsEntry("selection_metric", "f1");
        assertThat(retrained.run.metrics.get("test_f1_weighted")).as("the job's own comparison on its held-out events")
                .isGreaterThan(retrained.run.metrics.get("champion_test_f1_weighted"));

        List<Row> fresh = retrained.freshDrifted().select("risk_grade").collectAsList();
        Map<String, Long> grades = new LinkedHashMap<>();
        fresh.forEach(row -> grades.merge(row.getString(0), 1L, Long::sum));
        double majority = grades.values().stream().mapToLong(Long::longValue).max().orElseThrow() / (double) fresh.size();
        double challenger = accuracy(retrained.challenger.transform(retrained.freshDrifted()));
        double champion = accuracy(retrained.champion.transform(retrained.freshDrifted()));
        assertThat(challenger).as("challenger accuracy on fresh drifted events; champion %.3f, majority grade %.3f", champion, majority)
                .isGreaterThan(champion).isGreaterThan(majority);
        assertThat(retrained.challenger.transform(retrained.freshDrifted()).select("predicted_label").distinct().collectAsList())
                .extracting(row -> row.getString(0)).isSubsetOf("A", "B", "C");
    }

    @Test
    void aRegressionChallengerRetrainedOnDriftedEventsBeatsTheCleanChampion() throws Exception {
        Retrained retrained = retrain("regression", "interest_rate", """
                train.algorithms = [
                  { name = "linear-regression", grid { reg-param = [0.0], max-iter = [50] } }
                  { name = "decision-tree", grid { max-depth = [5] } }
                ]
                """, new LinearRegression().setMaxIter(50),
                rows -> rows.withColumn(FeatureFrames.LABEL_COLUMN, col("interest_rate")));

        assertThat(retrained.run.params).containsEntry("task", "regression").containsEntry("selection_metric", "rmse");
        assertThat(retrained.run.metrics.get("test_rmse")).as("the job's own comparison on its held-out events: smaller is better")
                .isLessThan(retrained.run.metrics.get("champion_test_rmse"));

        double[] rates = retrained.freshDrifted().select("interest_rate").collectAsList().stream().mapToDouble(row -> row.getDouble(0)).toArray();
        double mean = java.util.Arrays.stream(rates).average().orElseThrow();
        double meanRmse = Math.sqrt(java.util.Arrays.stream(rates).map(rate -> (rate - mean) * (rate - mean)).average().orElseThrow());
        double challenger = rmse(retrained.challenger.transform(retrained.freshDrifted()));
        double champion = rmse(retrained.champion.transform(retrained.freshDrifted()));
        assertThat(challenger).as("challenger rmse on fresh drifted events; champion %.3f, the sample's own mean %.3f", champion, meanRmse)
                .isLessThan(champion).isLessThan(meanRmse);
    }

    /** What a retrain left: its run, the champion it started from, the promoted challenger, and a fresh drifted sample. */
    private record Retrained(InMemoryTracker.Run run, PipelineModel champion, PipelineModel challenger, Dataset<Row> freshDrifted) {}

    private static Retrained retrain(String task, String label, String train, Estimator<?> championEstimator,
            Function<Dataset<Row>, Dataset<Row>> withLabel) throws IOException {
        Path dir = work.resolve(task);
        RetrainJobConfig config = RetrainJobConfig.from(ConfigLoader.load(overlay(dir, task, train)));
        String model = config.mlflow().registeredModel();
        InMemoryTracker tracker = new InMemoryTracker(dir.resolve("artifacts"));
        InMemoryRegistry registry = new InMemoryRegistry();

        Dataset<Row> clean = events(new LoanApplicationGenerator(1, "clean", 300, START, INTERVAL, 0.05), Regime.CLEAN, CLEAN_ROWS);
        PipelineModel champion = championModel(config, championEstimator, withLabel.apply(clean), task.equals("multiclass"));
        Path championDir = SparkModelPackage.write(champion, dir.resolve("champion"), "champion-run", Map.of(ModelCache.REFERENCE_FILE,
                ReferenceProfile.fit(clean, config.dataset().featureSpec().numericInputs(), config.dataset().featureSpec().categoricalInputs(), 10)
                        .toJson().getBytes(StandardCharsets.UTF_8)));
        ModelVersion first = registry.register(model, championDir.toUri().toString(), "champion-run", Map.of(), List.of("champion"));

        Instant driftStart = START.plus(INTERVAL.multipliedBy(CLEAN_ROWS));
        List<LoanApplication> drifted = applications(new LoanApplicationGenerator(2, "live", 300, driftStart, INTERVAL, 0.05), Regime.DRIFTED,
                DRIFTED_ROWS);
        rows(drifted).drop("risk_grade", "interest_rate", "defaulted").write().format("delta").save(config.lake().predictionsTable());
        Dataset<Row> labels = labelRecords(drifted, label);

        new RetrainJob(spark, config, tracker, registry, registry, new ModelPublisher(tracker, registry, dir.resolve("scratch")), () -> labels)
                .run();

        ModelVersion promoted = registry.versionByAlias(model, "champion").orElseThrow();
        assertThat(promoted.version()).as("the challenger became champion").isNotEqualTo(first.version());
        assertThat(registry.versionByAlias(model, RetrainJob.CHALLENGER_ALIAS)).contains(promoted);
        assertThat(registry.tags(model, promoted.version())).containsEntry("mlcycle.promoted", "true").containsEntry("mlcycle.stage", "retrain")
                .containsEntry("mlcycle.compared.champion.version", first.version());
        InMemoryTracker.Run run = tracker.run(promoted.runId());
        PipelineModel challenger = PipelineModel.load(Path.of(URI.create(promoted.source())).resolve(ModelCache.PIPELINE_DIR).toString());
        Instant freshStart = driftStart.plus(INTERVAL.multipliedBy(DRIFTED_ROWS));
        Dataset<Row> fresh = events(new LoanApplicationGenerator(3, "fresh", 300, freshStart, INTERVAL, 0.05), Regime.DRIFTED, FRESH_ROWS).cache();
        return new Retrained(run, champion, challenger, fresh);
    }

    /** The champion as the train job builds one: the dataset's preprocessing, the estimator, and for multiclass the A/B/C values. */
    private static PipelineModel championModel(RetrainJobConfig config, Estimator<?> estimator, Dataset<Row> labeled, boolean multiclass) {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {FeaturePipelines.preprocessing(config.dataset()), estimator}).fit(labeled);
        if (!multiclass) {
            return fitted;
        }
        IndexToString values = new IndexToString().setInputCol("prediction").setOutputCol("predicted_label").setLabels(new String[] {"A", "B", "C"});
        return new Pipeline().setStages(new PipelineStage[] {fitted, values}).fit(labeled);
    }

    /**
     * Every drifted event's label as the demo's producer sends it, then three records the retrain must leave out: a later
     * label "Z" for the first event (no grade the champion knows, and no number), a broken record, one without an id.
     */
    private static Dataset<Row> labelRecords(List<LoanApplication> applications, String label) throws JsonProcessingException {
        List<Row> records = new ArrayList<>();
        for (LoanApplication application : applications) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("application_id", application.applicationId());
            value.put(label, application.labeledEvent().get(label));
            records.add(kafka(JSON.writeValueAsString(value), records.size()));
        }
        String id = applications.get(0).applicationId();
        records.add(kafka("{\"application_id\": \"" + id + "\", \"" + label + "\": \"Z\"}", records.size()));
        records.add(kafka("{\"application_id\": \"" + id + "\"", records.size()));
        records.add(kafka("{\"" + label + "\": \"A\"}", records.size()));
        return spark.createDataFrame(records, KAFKA);
    }

    private static Row kafka(String value, int offset) {
        return RowFactory.create(value.getBytes(StandardCharsets.UTF_8), 0, (long) offset);
    }

    private static Dataset<Row> events(LoanApplicationGenerator generator, Regime regime, int count) throws JsonProcessingException {
        return rows(applications(generator, regime, count));
    }

    private static List<LoanApplication> applications(LoanApplicationGenerator generator, Regime regime, int count) {
        List<LoanApplication> applications = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            applications.add(generator.next(regime));
        }
        return applications;
    }

    private static Dataset<Row> rows(List<LoanApplication> applications) throws JsonProcessingException {
        List<String> lines = new ArrayList<>();
        for (LoanApplication application : applications) {
            lines.add(JSON.writeValueAsString(application.labeledEvent()));
        }
        return spark.read().schema(EVENT).json(spark.createDataset(lines, Encoders.STRING()));
    }

    private static double accuracy(Dataset<Row> scored) {
        List<Row> rows = scored.select("predicted_label", "risk_grade").collectAsList();
        return rows.stream().filter(row -> row.getString(0).equals(row.getString(1))).count() / (double) rows.size();
    }

    private static double rmse(Dataset<Row> scored) {
        List<Row> rows = scored.select("prediction", "interest_rate").collectAsList();
        return Math.sqrt(rows.stream().mapToDouble(row -> Math.pow(row.getDouble(0) - row.getDouble(1), 2)).average().orElseThrow());
    }

    /** The task's overlay with the test's algorithms, a work dir of its own and few labeled events needed. */
    private static Path overlay(Path dir, String task, String train) throws IOException {
        Files.createDirectories(dir);
        String text = "include file(\"" + TASKS.resolve(task + ".conf") + "\")\n"
                + "mlcycle {\n"
                + "  work-dir = \"" + dir + "\"\n"
                + "  retrain.min-labeled-events = 200\n"
                + train.indent(2)
                + "}\n";
        Path file = dir.resolve("test-" + task + ".conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
