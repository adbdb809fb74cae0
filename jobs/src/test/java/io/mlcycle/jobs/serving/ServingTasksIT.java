package io.mlcycle.jobs.serving;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.generate.GenerateJob;
import io.mlcycle.jobs.generate.GenerateJobConfig;
import io.mlcycle.jobs.ingest.IngestJob;
import io.mlcycle.jobs.ingest.IngestJobConfig;
import io.mlcycle.jobs.score.ScoreBatchJob;
import io.mlcycle.jobs.score.ScoreBatchJobConfig;
import io.mlcycle.jobs.silver.SilverJob;
import io.mlcycle.jobs.silver.SilverJobConfig;
import io.mlcycle.jobs.train.ModelPublisher;
import io.mlcycle.jobs.train.TrainJob;
import io.mlcycle.jobs.train.TrainJobConfig;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.kafka.ConfiguredTopic;
import io.mlcycle.platform.kafka.KafkaTopics;
import io.mlcycle.platform.kafka.TextProducers;
import io.mlcycle.platform.mlflow.MlflowModelFiles;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.MlflowTracker;
import io.mlcycle.platform.model.ModelCache;
import io.mlcycle.platform.model.VenvPython;
import io.mlcycle.streaming.ChampionModels;
import io.mlcycle.streaming.KafkaEventSource;
import io.mlcycle.streaming.KafkaJsonSink;
import io.mlcycle.streaming.ScorerJobConfig;
import io.mlcycle.streaming.ScoringQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Serving every task, end to end against the local stack's real Kafka broker and MLflow server: for each of the built-in
 * tasks (binary {@code defaulted}, multiclass {@code risk_grade}, regression {@code interest_rate}; their configs
 * {@code conf/local.conf}, {@code conf/tasks/multiclass.conf}, {@code conf/tasks/regression.conf} with a smaller history,
 * one algorithm and a lookup of a Delta dimension table added), the batch pipeline (generate, ingest, silver, features,
 * train) registers a champion in MLflow; the streaming scorer serves it from the registry alias, reading silver rows as
 * JSON events from Kafka; score-batch scores the silver table with the same champion. Every prediction the stream made
 * must equal score-batch's on the same row, field by field (the task's columns, model version and run id), the
 * predictions topic must carry the same values, and Python's {@code mlflow.pyfunc} loading {@code models:/<name>@champion}
 * must predict the same for every row.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingTasksIT {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String ID = "serving" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int ROWS_WITH_INCOME = 45;
    private static final int ROWS_WITHOUT_INCOME = 5;
    private static final DateTimeFormatter PANDAS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The task, its config file, its single algorithm. */
    private static final Map<TaskType, String[]> TASKS = Map.of(
            TaskType.BINARY, new String[] {"conf/local.conf", "logistic-regression"},
            TaskType.MULTICLASS, new String[] {"conf/tasks/multiclass.conf", "logistic-regression"},
            TaskType.REGRESSION, new String[] {"conf/tasks/regression.conf", "linear-regression"});

    @TempDir
    static Path work;

    private static SparkSession spark;
    private static MlflowRestClient mlflow;
    private static String bootstrap;
    /** Per task: the served model's URI and the rows it scored, for the Python check at the end. */
    private static final Map<TaskType, Served> SERVED = new EnumMap<>(TaskType.class);

    private record Served(String modelUri, Map<String, Double> streamPredictions, List<Row> rows, DatasetSpec spec) {}

    @BeforeAll
    static void start() throws Exception {
        String mlflowUri = required("mlcycle.it.mlflow-uri");
        bootstrap = required("mlcycle.it.kafka-bootstrap");
        VenvPython.in(work);
        spark = SparkTestSession.start(ServingTasksIT.class);
        Config binary = ConfigLoader.load(overlay(TaskType.BINARY));
        mlflow = MlflowRestClient.create(TrainJobConfig.from(binary).mlflow());
        assertThat(mlflow.trackingUri().toString()).startsWith(mlflowUri);
        // The same history for every task: the generator writes all three targets, each task's schema keeps its own.
        GenerateJobConfig generate = GenerateJobConfig.from(binary);
        new GenerateJob(spark, generate.generator(), generate.kafka()).run();
        // The lookup every task joins: a region's index, from a Delta dimension table.
        spark.createDataFrame(List.of(RowFactory.create("north", 1.0), RowFactory.create("south", 2.0), RowFactory.create("east", 3.0),
                        RowFactory.create("west", 4.0)),
                new StructType().add("region", DataTypes.StringType).add("region_index", DataTypes.DoubleType))
                .write().format("delta").save(work.resolve("dims/regions").toString());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    @Order(1)
    void binaryIsServedByTheStreamAndByScoreBatchAlike() throws Exception {
        serveAndCompare(TaskType.BINARY);
    }

    @Test
    @Order(2)
    void multiclassIsServedByTheStreamAndByScoreBatchAlike() throws Exception {
        serveAndCompare(TaskType.MULTICLASS);
    }

    @Test
    @Order(3)
    void regressionIsServedByTheStreamAndByScoreBatchAlike() throws Exception {
        serveAndCompare(TaskType.REGRESSION);
    }

    @Test
    @Order(4)
    void pythonPyfuncPredictsWhatTheStreamPredictedForEveryTask() throws Exception {
        assertThat(SERVED).as("the three serving tests ran first").containsOnlyKeys(TaskType.values());
        List<Map<String, Object>> models = new ArrayList<>();
        for (Map.Entry<TaskType, Served> served : SERVED.entrySet()) {
            Served s = served.getValue();
            Path rows = work.resolve(served.getKey().name().toLowerCase() + "-rows.json");
            Files.writeString(rows, JSON.writeValueAsString(pandasRecords(s.rows(), s.spec())), StandardCharsets.UTF_8);
            models.add(Map.of("task", served.getKey().name(), "uri", s.modelUri(), "rows", rows.toString(), "id", s.spec().idColumn()));
        }
        Path request = Files.writeString(work.resolve("pyfunc-request.json"), JSON.writeValueAsString(models), StandardCharsets.UTF_8);

        JsonNode python = VenvPython.in(work).run(PYFUNC, Map.of("MLFLOW_TRACKING_URI", mlflow.trackingUri().toString()), request.toString());

        for (Map.Entry<TaskType, Served> served : SERVED.entrySet()) {
            JsonNode predictions = python.path(served.getKey().name());
            assertThat(predictions.size()).as("%s: pyfunc predictions", served.getKey()).isEqualTo(served.getValue().streamPredictions().size());
            served.getValue().streamPredictions().forEach((id, prediction) -> assertThat(predictions.path(id).asDouble(Double.NaN))
                    .as("%s: pyfunc prediction of %s", served.getKey(), id).isCloseTo(prediction, within(1e-9)));
        }
    }

    private static void serveAndCompare(TaskType task) throws Exception {
        Config config = ConfigLoader.load(overlay(task));
        ScorerJobConfig scorer = ScorerJobConfig.from(config);
        DatasetSpec spec = scorer.dataset();
        assertThat(spec.task()).isEqualTo(task);

        IngestJobConfig ingest = IngestJobConfig.from(config);
        new IngestJob(spark, ingest.dataset(), ingest.lake(), "").run();
        SilverJobConfig silver = SilverJobConfig.from(config);
        new SilverJob(spark, silver.lake(), silver.dataset()).run();
        new FeaturesJob(spark, FeaturesJobConfig.from(config)).run();
        TrainJobConfig train = TrainJobConfig.from(config);
        MlflowTracker tracker = new MlflowTracker(mlflow);
        MlflowModelRegistry registry = new MlflowModelRegistry(mlflow);
        ModelPublisher publisher = new ModelPublisher(tracker, registry, Files.createDirectories(work.resolve("packages-" + task)));
        new TrainJob(spark, train, tracker, publisher, new MlflowModelFiles(mlflow)).run();
        String modelName = train.mlflow().registeredModel();
        ModelVersion champion = registry.versionByAlias(modelName, train.mlflow().championAlias()).orElseThrow(() -> new AssertionError(
                task + ": the train job registered no champion of " + modelName + " (its gate failed?)"));

        List<Row> rows = rowsToServe(spark.read().format("delta").load(scorer.lake().silverTable()), spec);
        Set<String> ids = rows.stream().map(row -> row.<String>getAs(spec.idColumn())).collect(Collectors.toSet());
        createTopics(scorer);
        StreamingQuery query = new ScoringQuery(spark, spec, scorer.scorer(), scorer.monitor(), scorer.kafka(), scorer.lake(),
                new ChampionModels(registry, new MlflowModelFiles(mlflow), modelName, scorer.mlflow().championAlias(),
                        scorer.scorer().modelCacheDir(), task),
                new KafkaEventSource(scorer.kafka(), scorer.scorer()),
                new KafkaJsonSink(scorer.kafka().bootstrapServers(), scorer.scorer().producerMaxRequestSize())).start();
        Map<String, Row> stream;
        try {
            produce(scorer.kafka().topics().events(), rows, spec);
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> predictionsOf(scorer.lake().predictionsTable(), spec, ids).size() == ids.size());
            assertThat(query.exception().isEmpty()).isTrue();
        } finally {
            query.stop();
        }
        stream = predictionsOf(scorer.lake().predictionsTable(), spec, ids);

        ScoreBatchJobConfig batchConfig = ScoreBatchJobConfig.from(config);
        ScoreBatchJob.Result batchRun = new ScoreBatchJob(spark, batchConfig, registry, new ModelCache(new MlflowModelFiles(mlflow),
                batchConfig.modelCacheDir()), ScoreBatchJob.Options.defaults()).score();
        assertThat(batchRun.model().version()).isEqualTo(champion.version());
        Map<String, Row> batch = predictionsOf(batchConfig.batchPredictionsTable(), spec, ids);

        assertThat(stream.keySet()).as("%s: every served row scored once by the stream", task).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(batch.keySet()).as("%s: and by score-batch", task).containsExactlyInAnyOrderElementsOf(ids);
        List<String> outputs = outputColumns(task);
        for (String id : ids) {
            Row online = stream.get(id);
            Row offline = batch.get(id);
            assertThat(online.<String>getAs("model_version")).isEqualTo(champion.version());
            assertThat(online.<String>getAs("model_run_id")).isEqualTo(champion.runId());
            assertThat(offline.<String>getAs("model_version")).isEqualTo(champion.version());
            assertThat(online.<String, Long>getJavaMap(online.fieldIndex("lookup_versions")))
                    .as("%s: the dimension version the stream joined", task).containsEntry("regions", 0L);
            for (String column : outputs) {
                assertThat(online.<Object>getAs(column)).as("%s: %s of %s online vs offline", task, column, id).isEqualTo(offline.getAs(column));
            }
            assertValuesInRange(task, online);
        }
        assertThat(stream.values().stream().map(row -> row.<Double>getAs("prediction")).distinct().count())
                .as("%s: the model does not answer one constant", task).isGreaterThan(1);

        Map<String, JsonNode> onTopic = readJson(scorer.kafka().topics().predictions(), spec.idColumn(), ids.size());
        assertThat(onTopic.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (String id : ids) {
            JsonNode json = onTopic.get(id);
            assertThat(json.path("model_version").asText()).isEqualTo(champion.version());
            assertThat(json.path("prediction").asDouble()).isEqualTo(stream.get(id).<Double>getAs("prediction"));
            switch (task) {
                case BINARY -> assertThat(json.path("probability").asDouble()).isEqualTo(stream.get(id).<Double>getAs("probability"));
                case MULTICLASS -> {
                    assertThat(json.path("predicted_label").asText()).isEqualTo(stream.get(id).<String>getAs("predicted_label"));
                    Map<String, Double> probabilities = stream.get(id).getJavaMap(stream.get(id).fieldIndex("probabilities"));
                    probabilities.forEach((grade, p) -> assertThat(json.path("probabilities").path(grade).asDouble()).isEqualTo(p));
                }
                case REGRESSION -> assertThat(json.has("probability")).isFalse();
            }
        }

        Map<String, Double> predictions = new HashMap<>();
        stream.forEach((id, row) -> predictions.put(id, row.<Double>getAs("prediction")));
        SERVED.put(task, new Served("models:/" + modelName + "@" + train.mlflow().championAlias(), predictions, rows, spec));
    }

    /** The columns a task's prediction carries (besides the event's own), compared online and offline. */
    private static List<String> outputColumns(TaskType task) {
        List<String> columns = new ArrayList<>(List.of("prediction", "model_name", "model_version", "model_run_id", "quality_flags", "lookup_versions"));
        switch (task) {
            case BINARY -> columns.add("probability");
            case MULTICLASS -> columns.addAll(List.of("predicted_label", "probabilities"));
            case REGRESSION -> { }
        }
        return columns;
    }

    private static void assertValuesInRange(TaskType task, Row row) {
        double prediction = row.<Double>getAs("prediction");
        switch (task) {
            case BINARY -> {
                assertThat(prediction).isIn(0.0, 1.0);
                assertThat(row.<Double>getAs("probability")).isBetween(0.0, 1.0);
            }
            case MULTICLASS -> {
                assertThat(row.<String>getAs("predicted_label")).isIn("A", "B", "C");
                Map<String, Double> probabilities = row.getJavaMap(row.fieldIndex("probabilities"));
                assertThat(probabilities).containsOnlyKeys("A", "B", "C");
                assertThat(probabilities.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
                assertThat(probabilities.get(row.<String>getAs("predicted_label")))
                        .as("the predicted grade is the most probable one").isEqualTo(probabilities.values().stream().max(Double::compare).orElseThrow());
            }
            case REGRESSION -> assertThat(prediction).as("an interest rate in percent").isBetween(-10.0, 60.0);
        }
    }

    /** Some silver rows with an income and some without (the model imputes it), in id order. */
    private static List<Row> rowsToServe(Dataset<Row> silver, DatasetSpec spec) {
        List<Row> rows = new ArrayList<>(silver.where(col("income").isNotNull()).orderBy(spec.idColumn()).limit(ROWS_WITH_INCOME).collectAsList());
        rows.addAll(silver.where(col("income").isNull()).orderBy(spec.idColumn()).limit(ROWS_WITHOUT_INCOME).collectAsList());
        assertThat(rows).hasSize(ROWS_WITH_INCOME + ROWS_WITHOUT_INCOME);
        return rows;
    }

    /** The rows as live events: every schema column but the label, event times as ISO-8601 instants. */
    private static void produce(String topic, List<Row> rows, DatasetSpec spec) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(TextProducers.properties(bootstrap))) {
            for (Row row : rows) {
                Map<String, Object> event = new LinkedHashMap<>();
                for (ColumnSpec column : spec.schema()) {
                    if (column.name().equals(spec.labelColumn())) {
                        continue;
                    }
                    Object value = row.getAs(column.name());
                    event.put(column.name(), value instanceof Timestamp time ? time.toInstant().toString() : value);
                }
                producer.send(new ProducerRecord<>(topic, row.<String>getAs(spec.idColumn()), JSON.writeValueAsString(event))).get();
            }
        }
    }

    /** The same rows as the Python script reads them: times as UTC wall-clock text, the label left out. */
    private static List<Map<String, Object>> pandasRecords(List<Row> rows, DatasetSpec spec) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> record = new HashMap<>();
            for (ColumnSpec column : spec.schema()) {
                Object value = row.getAs(column.name());
                record.put(column.name(), value instanceof Timestamp time ? PANDAS_TIME.format(time.toInstant()) : value);
            }
            record.remove(spec.labelColumn());
            records.add(record);
        }
        return records;
    }

    /** The predictions of these ids in a table, by id; an id predicted twice would hide one (the size check catches it). */
    private static Map<String, Row> predictionsOf(String table, DatasetSpec spec, Set<String> ids) {
        if (!io.delta.tables.DeltaTable.isDeltaTable(spark, table)) {
            return Map.of();
        }
        List<Row> rows = spark.read().format("delta").load(table).where(col(spec.idColumn()).isin(ids.toArray())).collectAsList();
        Map<String, Row> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.getAs(spec.idColumn()), row));
        assertThat(byId).as("one prediction per id in %s", table).hasSameSizeAs(rows);
        return byId;
    }

    private static Map<String, JsonNode> readJson(String topic, String idColumn, int expected) throws Exception {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, ID + "-" + topic);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, JsonNode> records = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode json = JSON.readTree(record.value());
                    records.put(json.path(idColumn).asText(), json);
                }
            }
        }
        return records;
    }

    private static void createTopics(ScorerJobConfig scorer) {
        var topics = scorer.kafka().topics();
        try (KafkaTopics admin = KafkaTopics.connect(bootstrap, Duration.ofSeconds(30))) {
            admin.create(List.of(new ConfiguredTopic(topics.events(), "events"), new ConfiguredTopic(topics.predictions(), "predictions"),
                    new ConfiguredTopic(topics.deadLetter(), "dead-letter"), new ConfiguredTopic(topics.alerts(), "alerts")), 2, Duration.ofDays(1));
        }
    }

    /**
     * The task's own config with this test's work dir, stack, names and a smaller run: 2,000 history rows, one algorithm,
     * no robustness runs and few bootstrap replicates, no gate bounds (serving is under test, not the gate), and a lookup
     * of the region index from a Delta dimension table as one more feature.
     */
    private static Path overlay(TaskType task) throws Exception {
        String name = task.name().toLowerCase();
        String[] settings = TASKS.get(task);
        String text = "include file(\"" + REPOSITORY.resolve(settings[0]) + "\")\n"
                + "mlcycle {\n"
                + "  work-dir = \"" + work + "\"\n"
                + "  lake.root = \"" + name + "/lake\"\n"
                + "  generator.history-rows = 2000\n"
                + "  kafka.bootstrap-servers = \"" + bootstrap + "\"\n"
                + "  kafka.topics { events = \"" + ID + "-" + name + "-events\", predictions = \"" + ID + "-" + name + "-predictions\"\n"
                + "    dead-letter = \"" + ID + "-" + name + "-dead-letter\", alerts = \"" + ID + "-" + name + "-alerts\", labels = \"" + ID + "-labels\" }\n"
                + "  mlflow { tracking-uri = \"" + required("mlcycle.it.mlflow-uri") + "\", experiment = \"" + ID + "\"\n"
                + "    registered-model = \"" + ID + "-" + name + "\" }\n"
                + "  scorer { query-name = \"" + ID + "-" + name + "\", checkpoint-dir = \"" + name + "/checkpoint\"\n"
                + "    model-cache-dir = \"" + name + "/models\", trigger-interval = 1s }\n"
                + "  train.algorithms = [ { name = \"" + settings[1] + "\", grid { reg-param = [0.01] } } ]\n"
                + "  evaluation { bootstrap.replicates = 20, robustness.enabled = false, segments = [] }\n"
                + "  gate { metric-bounds = null, metric-bounds {}, max-fairness-gaps = null, max-fairness-gaps {} }\n"
                + "  dataset.features {\n"
                + "    numeric = [\"amount\", \"income\", \"age\", \"credit_score\", \"tenure_months\", \"open_loans\", \"region_index\",\n"
                + "      { column = \"loan_to_income\", transform = \"log\" }]\n"
                + "    lookups = [ { name = \"regions\", path = \"dims/regions\", key = \"region\", columns = [\"region_index\"] } ]\n"
                + "  }\n"
                + "}\n";
        return Files.writeString(work.resolve(name + ".conf"), text, StandardCharsets.UTF_8);
    }

    private static String required(String property) {
        String value = System.getProperty(property, "").strip();
        if (value.isEmpty()) {
            throw new IllegalStateException("Cannot run the serving tests: system property " + property + " is not set. Run them with"
                    + " ./mlcycle test, which starts the local stack and passes it.");
        }
        return value;
    }

    /**
     * Loads each task's champion with {@code mlflow.pyfunc.load_model} and predicts its rows (columns of the model's
     * signature, typed as the signature says); answers {task: {id: prediction}}.
     */
    private static final String PYFUNC = """
            import json, sys
            import pandas as pd
            import mlflow, mlflow.pyfunc
            request_path, out_path = sys.argv[1:3]
            answer = {}
            for model in json.load(open(request_path)):
                rows = pd.DataFrame(json.load(open(model["rows"])))
                inputs = mlflow.models.get_model_info(model["uri"]).signature.inputs
                frame = pd.DataFrame()
                for spec in inputs.inputs:
                    kind = spec.type.name if hasattr(spec.type, "name") else str(spec.type)
                    if kind == "double":
                        frame[spec.name] = rows[spec.name].astype("float64")
                    elif kind == "datetime":
                        frame[spec.name] = pd.to_datetime(rows[spec.name], format="%Y-%m-%d %H:%M:%S.%f")
                    else:
                        frame[spec.name] = rows[spec.name].astype(object).where(rows[spec.name].notna(), None)
                predictions = mlflow.pyfunc.load_model(model["uri"]).predict(frame)
                answer[model["task"]] = dict(zip(rows[model["id"]], [float(p) for p in predictions]))
            json.dump(answer, open(out_path, "w"))
            """;
}
