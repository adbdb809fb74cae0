package io.mlcycle.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.FeatureSpec;
import io.mlcycle.common.dataset.LookupSpec;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.platform.SparkSessions;
import io.mlcycle.platform.delta.DeltaCommit;
import io.mlcycle.platform.delta.DeltaCommitLog;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The real {@link ScoringQuery} (no broker: a {@link MemoryStream}) on a dataset with a lookup: {@code credit_limit} and
 * {@code segment} joined from a Delta dimension of customers by the event's {@code customer}, with a model trained on
 * {@code credit_limit} ("label 1 when the credit limit is above 1000"). Batch 1 is scored with dimension version 0; the
 * dimension then gets version 1 (c1 and c2 swap limits) and batch 2, in the same running query, is scored with it.
 */
class ScoringQueryLookupTest {
    private static final StructType KAFKA_RECORDS = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType)
            .add("timestampType", DataTypes.IntegerType);
    private static final StructType CUSTOMERS = new StructType()
            .add("id", DataTypes.StringType).add("segment", DataTypes.StringType).add("credit_limit", DataTypes.DoubleType);
    private static final List<String> NUMERIC = List.of("amount", "credit_limit");
    private static final List<String> CATEGORICAL = List.of("segment");

    @TempDir
    static Path work;

    private static SparkSession spark;
    private static LakeSettings lake;
    private static String dimension;
    private static Path modelDir;
    private static MemoryStream<Row> events;
    private static StreamingQuery query;

    @BeforeAll
    static void startTheQuery() throws Exception {
        spark = SparkSessions.create("ScoringQueryLookupTest", TestSettings.SPARK);
        dimension = work.resolve("dims/customers").toString();
        DeltaTables.overwrite(customers(RowFactory.create("c1", "gold", 1500.0), RowFactory.create("c2", "basic", 200.0)), dimension, "{}");
        DatasetSpec spec = spec(dimension);
        modelDir = writeModelFolder(work.resolve("model-1"));
        FakeModelRegistry registry = new FakeModelRegistry();
        registry.createVersion(TestSettings.MODEL, modelDir.toString(), "run-1", Map.of());
        registry.setAlias(TestSettings.MODEL, TestSettings.ALIAS, "1");
        ChampionModels champions = new ChampionModels(registry, new DirectoryModelFiles(), TestSettings.MODEL, TestSettings.ALIAS,
                work.resolve("cache"), TaskType.BINARY);
        lake = TestSettings.lake(work);
        MonitorSettings monitor = new MonitorSettings(Duration.ofHours(1), Duration.ofMinutes(10), 0.2, 1000, 4);
        events = MemoryStream.apply(spark, Encoders.row(KAFKA_RECORDS));
        query = new ScoringQuery(spark, spec, TestSettings.scorer(work, 1000), monitor, TestSettings.kafka("127.0.0.1:1"), lake, champions,
                session -> events.toDF(), new MemoryRecordSink()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (query != null) {
            query.stop();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void joinsEachBatchWithTheDimensionVersionThatIsLatestWhenTheBatchRuns() {
        // e3's customer is not in the dimension: nulls, whatever credit_limit the event itself carries
        send(0, event("e1", "c1", 1), event("e2", "c2", 2), event("e3", "c9", 3).replace("}", ", \"credit_limit\": 5000}"));
        query.processAllAvailable();
        DeltaTables.overwrite(customers(RowFactory.create("c1", "basic", 300.0), RowFactory.create("c2", "gold", 1800.0)), dimension, "{}");
        send(3, event("e4", "c1", 4), event("e5", "c2", 5));
        query.processAllAvailable();

        Map<String, Row> predictions = spark.read().format("delta").load(lake.predictionsTable()).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.<String>getAs("event_id"), row -> row));
        assertThat(predictions.values()).extracting(row -> row.getAs("event_id"), row -> row.getAs("customer"), row -> row.getAs("segment"),
                        row -> row.getAs("credit_limit"), row -> row.<String, Long>getJavaMap(row.fieldIndex("lookup_versions")).get("customers"))
                .containsExactlyInAnyOrder(
                        tuple("e1", "c1", "gold", 1500.0, 0L),
                        tuple("e2", "c2", "basic", 200.0, 0L),
                        tuple("e3", "c9", null, null, 0L),
                        tuple("e4", "c1", "basic", 300.0, 1L),
                        tuple("e5", "c2", "gold", 1800.0, 1L));
        Map<String, Row> expected = modelsOwnTransform();
        assertThat(predictions.values()).allSatisfy(row -> {
            String id = row.getAs("event_id");
            assertThat(row.<Double>getAs("probability")).as(id).isEqualTo(expected.get(id).<Vector>getAs("probability").apply(1));
            assertThat(row.<Double>getAs("prediction")).as(id).isEqualTo(expected.get(id).<Double>getAs("prediction"));
        });
        assertThat(List.of(predictions.get("e1").getAs("prediction"), predictions.get("e2").getAs("prediction"),
                predictions.get("e4").getAs("prediction"), predictions.get("e5").getAs("prediction"))).containsExactly(1.0, 0.0, 0.0, 1.0);

        assertThat(DeltaCommitLog.open(lake.predictionsTable()).commits()).extracting(commit -> commit.lineage().orElseThrow().reads())
                .containsExactly(List.of(new Lineage.TableVersion(dimension, 0)), List.of(new Lineage.TableVersion(dimension, 1)));
        assertThat(DeltaCommitLog.open(lake.predictionsTable()).commits()).extracting(DeltaCommit::lineage)
                .allSatisfy(lineage -> assertThat(lineage.orElseThrow().sources()).hasSize(2));
        assertThat(query.exception().isEmpty()).isTrue();
    }

    private static DatasetSpec spec(String dimensionPath) {
        FeatureSpec features = new FeatureSpec(NUMERIC.stream().map(FeatureSpec.NumericFeature::new).toList(),
                CATEGORICAL.stream().map(FeatureSpec.CategoricalFeature::new).toList(), List.of(),
                List.of(new LookupSpec("customers", dimensionPath, LookupSpec.Format.DELTA, "customer", "id", List.of("segment", "credit_limit"))),
                List.of());
        return new DatasetSpec("lookup-applications", TaskType.BINARY, "event_id", "customer", "event_time", "label", "",
                List.of(new ColumnSpec("event_id", ColumnType.STRING, false), new ColumnSpec("customer", ColumnType.STRING, true),
                        new ColumnSpec("event_time", ColumnType.TIMESTAMP, false), new ColumnSpec("amount", ColumnType.DOUBLE, true),
                        new ColumnSpec("label", ColumnType.INTEGER, false)),
                List.of(), List.of(), List.of(), QualitySpec.none(), features);
    }

    /** Row i: amount 100 + (i % 7) * 50, credit limit 100 + (i % 20) * 100, segment gold or basic by parity; label 1 above 1000. */
    private static Path writeModelFolder(Path dir) throws Exception {
        StructType schema = new StructType().add("amount", DataTypes.DoubleType).add("credit_limit", DataTypes.DoubleType)
                .add("segment", DataTypes.StringType).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double limit = 100 + (i % 20) * 100;
            rows.add(RowFactory.create(100.0 + (i % 7) * 50, limit, i % 2 == 0 ? "gold" : "basic", limit > 1000 ? 1.0 : 0.0));
        }
        Dataset<Row> training = spark.createDataFrame(rows, schema);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            new Imputer().setInputCols(new String[] {"amount", "credit_limit"}).setOutputCols(new String[] {"amount_imputed", "credit_limit_imputed"}),
            new StringIndexer().setInputCol("segment").setOutputCol("segment_index").setHandleInvalid("keep"),
            new OneHotEncoder().setInputCols(new String[] {"segment_index"}).setOutputCols(new String[] {"segment_vector"}).setHandleInvalid("keep"),
            new VectorAssembler().setInputCols(new String[] {"amount_imputed", "credit_limit_imputed", "segment_vector"}).setOutputCol("features"),
            new LogisticRegression().setLabelCol("label").setMaxIter(50)
        }).fit(training);
        model.write().overwrite().save(dir.resolve(ChampionModels.PIPELINE_DIR).toString());
        Files.writeString(dir.resolve(ChampionModels.REFERENCE_FILE), ReferenceProfile.fit(training, NUMERIC, CATEGORICAL, 4).toJson());
        return dir;
    }

    /** The model's pipeline applied to the feature values the events should be scored with, written by hand from the dimension rows. */
    private static Map<String, Row> modelsOwnTransform() {
        StructType features = new StructType().add("event_id", DataTypes.StringType).add("amount", DataTypes.DoubleType)
                .add("credit_limit", DataTypes.DoubleType).add("segment", DataTypes.StringType);
        Dataset<Row> rows = spark.createDataFrame(List.of(
                RowFactory.create("e1", 100.0, 1500.0, "gold"),
                RowFactory.create("e2", 100.0, 200.0, "basic"),
                RowFactory.create("e3", 100.0, null, null),
                RowFactory.create("e4", 100.0, 300.0, "basic"),
                RowFactory.create("e5", 100.0, 1800.0, "gold")), features);
        return PipelineModel.load(modelDir.resolve(ChampionModels.PIPELINE_DIR).toString()).transform(rows).collectAsList().stream()
                .collect(Collectors.toMap(row -> row.<String>getAs("event_id"), row -> row));
    }

    private static Dataset<Row> customers(Row... rows) {
        return spark.createDataFrame(List.of(rows), CUSTOMERS);
    }

    private static String event(String id, String customer, int minute) {
        return "{\"event_id\": \"%s\", \"customer\": \"%s\", \"event_time\": \"2026-01-01T00:%02d:00Z\", \"amount\": 100.0}"
                .formatted(id, customer, minute);
    }

    private static void send(long firstOffset, String... values) {
        List<Row> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            long offset = firstOffset + i;
            records.add(RowFactory.create(("k" + offset).getBytes(StandardCharsets.UTF_8), values[i].getBytes(StandardCharsets.UTF_8),
                    TestSettings.TOPICS.events(), 0, offset, Timestamp.from(Instant.parse("2026-01-01T00:30:00Z").plusSeconds(offset)), 0));
        }
        events.addData(CollectionConverters.asScala(records).toSeq());
    }
}
