package io.mlcycle.jobs.evaluate.robustness;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlcycle.jobs.train.ClassificationMetrics;
import io.mlcycle.platform.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RobustnessEvaluationTest {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("x1", DataTypes.DoubleType, true)
            .add("x2", DataTypes.DoubleType, true)
            .add("channel", DataTypes.StringType, true)
            .add("label", DataTypes.DoubleType, false);
    private static final List<String> NUMERIC = List.of("x1", "x2");
    private static final List<String> CATEGORICAL = List.of("channel");
    private static SparkSession spark;
    private static PipelineModel model;
    private static Dataset<Row> test;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(RobustnessEvaluationTest.class);
        Dataset<Row> rows = spark.createDataFrame(rows(400, 42), SCHEMA);
        Dataset<Row> train = rows.filter(col("id").lt("r200"));
        test = rows.filter(col("id").geq("r200")).cache();
        model = new Pipeline().setStages(new PipelineStage[] {
                new StringIndexer().setInputCol("channel").setOutputCol("channel_index").setHandleInvalid("keep"),
                new Imputer().setInputCols(new String[] {"x1", "x2"}).setOutputCols(new String[] {"x1_imputed", "x2_imputed"}),
                new VectorAssembler().setInputCols(new String[] {"x1_imputed", "x2_imputed", "channel_index"}).setOutputCol("features"),
                new LogisticRegression()}).fit(train);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void noNoiseAndNoMissingValuesGiveTheCleanMetricsExactly() {
        RobustnessReport report = RobustnessEvaluation.evaluate(model, test, "id", NUMERIC, CATEGORICAL, new RobustnessSpec(0.0, 0.0, 7), 0.5);

        assertThat(report.clean().rows()).isEqualTo(200);
        assertThat(report.clean().aucRoc()).isGreaterThan(0.8); // the fixture is learnable, so a drop can show
        for (PerturbedMetrics perturbed : report.perturbed()) {
            assertThat(perturbed.perturbed()).isEqualTo(report.clean());
            assertThat(perturbed.accuracyDrop()).isZero();
            assertThat(perturbed.f1Drop()).isZero();
            assertThat(perturbed.aucRocDrop()).isZero();
        }
    }

    @Test
    void strongPerturbationsLowerTheMetricsAndAreReportedAsDrops() {
        RobustnessReport report = RobustnessEvaluation.evaluate(model, test, "id", NUMERIC, CATEGORICAL, new RobustnessSpec(2.0, 0.5, 7), 0.5);

        PerturbedMetrics noise = report.perturbed().get(0);
        PerturbedMetrics missing = report.perturbed().get(1);
        assertThat(noise.perturbation()).isEqualTo(PerturbedMetrics.Perturbation.GAUSSIAN_NOISE);
        assertThat(noise.aucRocDrop()).isPositive();
        assertThat(missing.aucRocDrop()).isPositive();
        assertThat(noise.aucRocDrop()).isEqualTo(report.clean().aucRoc() - noise.perturbed().aucRoc());
        Map<String, Double> metrics = report.asMetrics("test_");
        assertThat(metrics).containsEntry("test_robustness_gaussian_noise_strength", 2.0)
                .containsEntry("test_robustness_missing_values_strength", 0.5)
                .containsEntry("test_robustness_gaussian_noise_auc_roc_drop", noise.aucRocDrop())
                .containsEntry("test_robustness_missing_values_f1_drop", missing.f1Drop())
                .containsEntry("test_robustness_clean_auc_roc", report.clean().aucRoc())
                .containsKey("test_robustness_missing_values_accuracy");
    }

    @Test
    void theSameSeedGivesTheSameReportWhateverThePartitioning() {
        RobustnessSpec spec = new RobustnessSpec(0.5, 0.2, 99);
        RobustnessReport onePartition = RobustnessEvaluation.evaluate(model, test.repartition(1), "id", NUMERIC, CATEGORICAL, spec, 0.5);
        RobustnessReport shuffled = RobustnessEvaluation.evaluate(
                model, test.repartition(3, col("channel")).orderBy(col("x2").desc()), "id", NUMERIC, CATEGORICAL, spec, 0.5);

        // exact equality: counts are integers and the rank-sum AUC adds half-integers, whatever the order
        assertThat(shuffled).isEqualTo(onePartition);
        assertThat(onePartition.perturbed().get(0).aucRocDrop()).isNotZero();
    }

    @Test
    void cleanMetricsMatchMllibsEvaluator() {
        // reference implementation: ClassificationMetrics.of, MLlib's evaluator (exact to rounding at 200 rows)
        ClassificationMetrics reference = ClassificationMetrics.of(model.transform(test), 0.5);

        ClassificationMetrics clean = RobustnessEvaluation.evaluate(model, test, "id", NUMERIC, CATEGORICAL, new RobustnessSpec(0, 0, 1), 0.5).clean();

        assertThat(clean.rows()).isEqualTo(reference.rows());
        assertThat(clean.accuracy()).isEqualTo(reference.accuracy());
        assertThat(clean.precision()).isEqualTo(reference.precision());
        assertThat(clean.recall()).isEqualTo(reference.recall());
        assertThat(clean.f1()).isCloseTo(reference.f1(), within(1e-12));
        assertThat(clean.aucRoc()).isCloseTo(reference.aucRoc(), within(1e-9));
    }

    @Test
    void rejectsScoredRows() {
        assertThatThrownBy(() -> RobustnessEvaluation.evaluate(
                model, model.transform(test), "id", NUMERIC, CATEGORICAL, new RobustnessSpec(0.5, 0.1, 3), 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot measure robustness on scored rows: they already have a 'probability' column");
    }

    @Test
    void perturbedCellsDependOnSeedAndIdOnly() {
        Map<String, Double> deviations = RobustnessEvaluation.standardDeviations(test, NUMERIC);
        List<Row> once = noisyThenHoled(test.repartition(1), deviations, 5);
        List<Row> again = noisyThenHoled(test.repartition(4, col("x1")).orderBy(col("x2")), deviations, 5);
        List<Row> otherSeed = noisyThenHoled(test, deviations, 6);

        assertThat(again).isEqualTo(once);
        assertThat(otherSeed).isNotEqualTo(once);
    }

    @Test
    void noiseHasTheConfiguredScaleAndMissingValuesTheConfiguredShare() {
        double deviation = RobustnessEvaluation.standardDeviations(test, NUMERIC).get("x1");
        List<Row> pairs = Perturbations.withGaussianNoise(test.withColumn("clean", col("x1")), "id", Map.of("x1", deviation), 0.3, 3)
                .filter(col("clean").isNotNull())
                .select(col("x1").minus(col("clean")).divide(deviation)).collectAsList();
        double mean = pairs.stream().mapToDouble(r -> r.getDouble(0)).average().orElseThrow();
        double std = Math.sqrt(pairs.stream().mapToDouble(r -> Math.pow(r.getDouble(0) - mean, 2)).sum() / (pairs.size() - 1));
        // ~190 draws (x1 is 5% missing) of N(0, 0.3^2) in units of the column's deviation: mean within ~4 standard errors, std within 20%
        assertThat(mean).isCloseTo(0.0, within(0.09));
        assertThat(std).isCloseTo(0.3, within(0.06));

        long cells = 2L * test.count();
        long missing = Perturbations.withMissingValues(test, "id", List.of("x2", "channel"), 0.3, 3)
                .selectExpr("cast(x2 is null as int) + cast(channel is null as int) as n")
                .agg(org.apache.spark.sql.functions.sum("n")).head().getLong(0);
        // 400 cells (none missing before), share 0.3: standard deviation sqrt(400 * .3 * .7) / 400 = 0.023
        assertThat((double) missing / cells).isCloseTo(0.3, within(0.07));
    }

    @Test
    void roundsNoiseOnIntegralColumnsAndKeepsTheirType() {
        Dataset<Row> counts = test.withColumn("loans", col("x2").multiply(3).cast("int")).withColumn("clean", col("loans"));
        Dataset<Row> noisy = Perturbations.withGaussianNoise(counts, "id", Map.of("loans", 2.0), 1.0, 1);

        assertThat(noisy.schema().apply("loans").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(noisy.filter(col("loans").notEqual(col("clean"))).isEmpty()).isFalse();
    }

    @Test
    void rejectsAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new RobustnessSpec(0.1, 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot set a share of 1.5 of the values missing: it must lie in [0, 1], e.g. 0.05.");
    }

    private static List<Row> noisyThenHoled(Dataset<Row> rows, Map<String, Double> deviations, long seed) {
        Dataset<Row> noisy = Perturbations.withGaussianNoise(rows, "id", deviations, 0.5, seed);
        return Perturbations.withMissingValues(noisy, "id", List.of("x1", "x2", "channel"), 0.25, seed).orderBy("id").collectAsList();
    }

    /** Rows r000..: two Gaussian features, a channel, a label from a noisy linear rule; 5% of x1 missing. */
    private static List<Row> rows(int count, long seed) {
        Random random = new Random(seed);
        String[] channels = {"branch", "online", "partner"};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double x1 = random.nextGaussian();
            double x2 = random.nextGaussian();
            String channel = channels[i % 3];
            double score = 1.5 * x1 - x2 + (channel.equals("partner") ? 0.8 : 0) + 0.5 * random.nextGaussian();
            Double shownX1 = random.nextDouble() < 0.05 ? null : x1;
            rows.add(RowFactory.create(String.format("r%03d", i), shownX1, x2, channel, score > 0 ? 1.0 : 0.0));
        }
        return rows;
    }
}
