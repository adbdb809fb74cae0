package io.mlcycle.jobs.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.delta.tables.DeltaTable;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigValidationException;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.config.PrepareSettings.SplitMethod;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.drift.DataProfile;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.features.FeaturePipelines;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.delta.Lineage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The features job on a silver-shaped Delta table of 40 events (event i: customer c(i mod 4), i hours after midnight,
 * amount 10 i, channel by i mod 3, label i mod 2, income missing when i mod 5 = 0), a customer dimension in Parquet
 * without c3, a derived ratio and hour, and a 7-day amount sum per customer.
 */
class FeaturesJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;

    @TempDir
    static Path lake;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(FeaturesJobTest.class);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void writesTheFeatureTableItsProfileAndThePreprocessingFittedOnTrain() throws Exception {
        String root = lake.resolve("time").toString();
        FeaturesJobConfig config = PaymentsFixture.writeSilverAndCustomers(spark, root, new PrepareSettings(0.2, 11));

        new FeaturesJob(spark, config).run();

        Dataset<Row> table = spark.read().format("delta").load(root + "/features");
        Map<String, Row> byId = new HashMap<>();
        table.collectAsList().forEach(row -> byId.put(row.getAs("id"), row));
        assertThat(table.columns()).containsExactly("id", "customer", "t", "amount", "income", "channel", "y", "segment", "credit_limit",
                "amount_sum_7d", "split");
        assertThat(DeltaTable.forPath(spark, root + "/features").detail().select("partitionColumns").head().getList(0))
                .containsExactly("split");
        // the latest 20% by time: the 0.8 quantile of 40 times is the 32nd (e31); later rows e32..e39 are the test split
        assertThat(byId.values().stream().filter(r -> r.getAs("split").equals("test")).map(r -> r.<String>getAs("id")).sorted())
                .containsExactlyInAnyOrder("e32", "e33", "e34", "e35", "e36", "e37", "e38", "e39");
        // e0..e31 train, e32..e39 test; label i mod 2
        assertThat(splitMetadata(root + "/features")).isEqualTo(JSON.readTree("""
                {"method": "time", "train_rows": 32, "test_rows": 8,
                 "train_rows_by_class": {"0": 16, "1": 16}, "test_rows_by_class": {"0": 4, "1": 4}}"""));
        // e9 (customer c1): earlier c1 events e1 (10) and e5 (50) within 7 days; e1 has none
        assertThat(byId.get("e9").<Double>getAs("amount_sum_7d")).isEqualTo(60.0);
        assertThat(byId.get("e1").<Double>getAs("amount_sum_7d")).isEqualTo(0.0);
        assertThat(byId.get("e9").<String>getAs("segment")).isEqualTo("basic");
        assertThat(byId.get("e3").<String>getAs("segment")).as("c3 is not in the dimension").isNull();
        assertThat(byId.get("e3").<Double>getAs("credit_limit")).isNull();

        Dataset<Row> train = table.filter("split = 'train'");
        List<Row> stored = ProfileTable.rows(spark, root + "/profiles", root + "/features", 0, "train");
        List<Row> ordered = new ArrayList<>();
        for (String column : List.of("amount", "income", "amount_sum_7d", "credit_limit", "channel", "segment")) {
            ordered.add(stored.stream().filter(r -> r.getAs("column").equals(column)).findFirst().orElseThrow());
        }
        assertThat(stored).hasSize(6);
        assertThat(ReferenceProfile.fromProfile(DataProfile.fromRows(ordered))).isEqualTo(ReferenceProfile.fit(train,
                List.of("amount", "income", "amount_sum_7d", "credit_limit"), List.of("channel", "segment"), 4));
        assertThat(ProfileTable.rows(spark, root + "/profiles", root + "/features", 0, "test")).hasSize(6);
        assertThat(ProfileTable.reference(spark, root + "/profiles", root + "/features", 0,
                List.of("amount", "income", "amount_sum_7d", "credit_limit"), List.of("channel", "segment"), 4))
                .contains(ReferenceProfile.fromProfile(DataProfile.fromRows(ordered)));

        PipelineModel preprocessing = PipelineModel.load(FeaturesJob.preprocessingPath(root + "/features", 0));
        List<Row> vectors = preprocessing.transform(table).select(FeaturePipelines.FEATURES_COLUMN).collectAsList();
        // standard [amount, amount_to_income, amount_sum_7d, credit_limit] 4, robust [income] 1, income_missing 1,
        // channel one-hot 3 + unseen 4, segment index 1, hour one-hot: train hours 0..23 (24) + unseen 25 -> 36
        assertThat(vectors).hasSize(40).allSatisfy(row -> assertThat(((Vector) row.getAs(0)).size()).isEqualTo(36));
    }

    @Test
    void splitsAtRandomStratifiedByTheLabelWhenConfigured() throws Exception {
        String root = lake.resolve("random").toString();
        FeaturesJobConfig config = PaymentsFixture.writeSilverAndCustomers(spark, root, new PrepareSettings(0.2, 11, SplitMethod.RANDOM));

        new FeaturesJob(spark, config).run();

        // 20 rows of each label (i mod 2), 0.2 x 20 = 4 of each in test: not the 8 latest (e32..e39) of the time split
        Dataset<Row> table = spark.read().format("delta").load(root + "/features");
        List<Row> test = table.filter("split = 'test'").collectAsList();
        assertThat(test).hasSize(8);
        assertThat(test.stream().filter(r -> r.<Integer>getAs("y") == 1)).hasSize(4);
        assertThat(test.stream().map(r -> r.<String>getAs("id")).collect(java.util.stream.Collectors.toSet()))
                .isNotEqualTo(java.util.Set.of("e32", "e33", "e34", "e35", "e36", "e37", "e38", "e39"));
        assertThat(splitMetadata(root + "/features")).isEqualTo(JSON.readTree("""
                {"method": "random", "train_rows": 32, "test_rows": 8,
                 "train_rows_by_class": {"0": 16, "1": 16}, "test_rows_by_class": {"0": 4, "1": 4}}"""));
        String metadata = DeltaTable.forPath(spark, root + "/features").history(1).select("userMetadata").head().getString(0);
        assertThat(Lineage.fromJson(metadata)).hasValueSatisfying(lineage -> {
            assertThat(lineage.job()).isEqualTo("features");
            assertThat(lineage.reads()).containsExactly(new Lineage.TableVersion(root + "/silver", 0));
            assertThat(lineage.sources()).as("the dimension: Parquet files, no version").containsExactly("parquet:" + root + "/customers");
        });
    }

    @Test
    void rejectsATimeSplitOfADatasetWithoutATimeColumn() {
        Config config = ConfigFactory.parseString("mlcycle { dataset.time-column = \"\", prepare.split = time }")
                .withFallback(ConfigLoader.load(Path.of("..", "conf", "local.conf")));

        assertThatThrownBy(() -> FeaturesJobConfig.from(config))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("mlcycle.prepare.split = 'time': expected auto or random: dataset 'loan-applications' has no time column");
        FeaturesJobConfig valid = FeaturesJobConfig.from(ConfigLoader.load(Path.of("..", "conf", "local.conf")));
        DatasetSpec untimed = new DatasetSpec("untimed", "id", "", "", "y", List.of("x"), List.of());
        assertThatThrownBy(() -> new FeaturesJobConfig(valid.spark(), valid.lake(), valid.profileTable(), untimed,
                new PrepareSettings(0.2, 11, SplitMethod.TIME), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot split dataset 'untimed' by time: it has no time column. Set mlcycle.dataset.time-column or"
                        + " mlcycle.prepare.split = random (or auto).");
    }

    /** The {@code split} object of the latest commit's metadata. */
    private static JsonNode splitMetadata(String table) throws Exception {
        String metadata = DeltaTable.forPath(spark, table).history(1).select("userMetadata").head().getString(0);
        return JSON.readTree(metadata).path("split");
    }
}
