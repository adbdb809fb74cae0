package io.mlcycle.jobs.model;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.config.Secret;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.DerivedColumn;
import io.mlcycle.common.dataset.FeatureSpec;
import io.mlcycle.common.dataset.FeatureSpec.CategoricalFeature;
import io.mlcycle.common.dataset.FeatureSpec.NumericFeature;
import io.mlcycle.common.dataset.MissingValuePolicy;
import io.mlcycle.common.dataset.QualitySpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.common.features.FeaturePipelines;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.jobs.train.Classifiers;
import io.mlcycle.jobs.train.ModelPublisher;
import io.mlcycle.jobs.train.ModelTraining;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.MlflowTracker;
import io.mlcycle.platform.mlflow.RetryPolicy;
import io.mlcycle.platform.model.InputExample;
import io.mlcycle.platform.model.ModelSignature;
import io.mlcycle.platform.model.VenvPython;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegression;
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
 * The model as a Python user meets it: fitted in Java with mlcycle's feature preprocessing and a logistic regression
 * whose decision threshold is 0.3, logged by ModelPublisher to a real MLflow server, registered and made champion. The
 * venv's MLflow then loads {@code models:/<name>@champion} by pyfunc and by the spark flavor and must score rows (with
 * a timestamp, a missing number, a missing and an unseen category) as Java scores them; its model info must show the
 * signature and an input example that loads and scores.
 */
class RegisteredModelPythonIT {
    static final String MLFLOW_URI_PROPERTY = "mlcycle.it.mlflow-uri";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double THRESHOLD = 0.3;
    private static final int EXAMPLE_ROWS = 5;
    private static final List<String> INPUTS = List.of("income", "segment", "signup_time");
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType)
            .add("income", DataTypes.DoubleType)
            .add("segment", DataTypes.StringType)
            .add("signup_time", DataTypes.TimestampType)
            .add("label", DataTypes.DoubleType);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        mlflowUri();
        VenvPython.in(Path.of(System.getProperty("java.io.tmpdir")));
        spark = SparkTestSession.start(RegisteredModelPythonIT.class);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void pythonLoadsTheChampionAndScoresLikeJava() throws Exception {
        List<Row> all = rows(100);
        Dataset<Row> train = spark.createDataFrame(all.subList(0, 70), SCHEMA);
        Dataset<Row> heldOut = spark.createDataFrame(all.subList(70, 100), SCHEMA);
        List<Row> scoredRows = new ArrayList<>(all.subList(70, 100));
        scoredRows.add(RowFactory.create("unseen", 75.0, "z", Timestamp.from(Instant.parse("2024-03-05T13:00:00.5Z")), 0.0));
        scoredRows.add(RowFactory.create("no-time", 55.0, "b", null, 0.0));
        scoredRows.add(RowFactory.create("nothing", null, null, null, 0.0));
        String modelName = "pyfunc-it-" + UUID.randomUUID().toString().substring(0, 8);
        MlflowRestClient client = new MlflowRestClient(mlflowUri(), Secret.empty(), Secret.empty(), Duration.ofSeconds(30), RetryPolicy.ofAttempts(3));
        MlflowTracker tracker = new MlflowTracker(client);
        ModelPublisher publisher = new ModelPublisher(tracker, new MlflowModelRegistry(client), Files.createDirectories(tmp.resolve("scratch")));

        Classifiers.Candidate candidate = candidate();
        ModelPublisher.LoggedModel logged = publisher.log(tracker.experimentId(modelName), Map.of("mlflow.runName", "pyfunc-it"), Map.of(), Map.of(),
                candidate, () -> ModelTraining.fit(candidate, FeaturePipelines.preprocessing(spec()), train, heldOut, THRESHOLD),
                ReferenceProfile.fit(train, List.of("income"), List.of("segment"), 5),
                ModelSignature.of(SCHEMA, INPUTS), InputExample.of(train, INPUTS, EXAMPLE_ROWS));
        ModelVersion version = publisher.register(modelName, logged, Map.of());
        publisher.promote(modelName, version.version(), "champion");
        Map<String, double[]> java = scores(logged.trained().model(), spark.createDataFrame(scoredRows, SCHEMA));
        List<Double> javaOnExample = new ArrayList<>(scores(logged.trained().model(), spark.createDataFrame(all.subList(0, EXAMPLE_ROWS), SCHEMA))
                .values().stream().map(score -> score[0]).toList());
        Path rowsFile = Files.writeString(tmp.resolve("rows.json"), JSON.writeValueAsString(records(scoredRows)));

        JsonNode python = VenvPython.in(tmp).run(SCRIPT, Map.of("MLFLOW_TRACKING_URI", mlflowUri().toString()),
                "models:/" + modelName + "@champion", rowsFile.toString());

        assertThat(java.values()).as("some row scores between 0.3 and 0.5: a scorer ignoring the threshold would call it 0")
                .anySatisfy(score -> assertThat(score[1]).isBetween(THRESHOLD, 0.5));
        assertThat(java.values()).as("and the model predicts both classes").extracting(score -> score[0]).contains(0.0, 1.0);
        for (Map.Entry<String, double[]> row : java.entrySet()) {
            String id = row.getKey();
            assertThat(python.path("pyfunc").path(id).asDouble(-1)).as("pyfunc prediction of row %s", id).isEqualTo(row.getValue()[0]);
            assertThat(python.path("spark").path(id).path("prediction").asDouble(-1)).as("spark prediction of row %s", id).isEqualTo(row.getValue()[0]);
            assertThat(python.path("spark").path(id).path("probability").asDouble(-1)).as("probability of row %s", id)
                    .isCloseTo(row.getValue()[1], within(1e-9));
        }
        assertThat(python.path("pyfunc").size()).isEqualTo(java.size());
        JsonNode info = python.path("info");
        assertThat(info.path("run_id").asText()).isEqualTo(logged.runId());
        assertThat(JSON.readTree(info.path("inputs").asText())).isEqualTo(JSON.readTree("[{\"type\": \"double\", \"name\": \"income\", \"required\": true},"
                + " {\"type\": \"string\", \"name\": \"segment\", \"required\": true}, {\"type\": \"datetime\", \"name\": \"signup_time\", \"required\": true}]"));
        assertThat(JSON.readTree(info.path("outputs").asText()))
                .isEqualTo(JSON.readTree("[{\"type\": \"double\", \"name\": \"prediction\", \"required\": true}]"));
        assertThat(info.path("example_info").path("type").asText()).isEqualTo("dataframe");
        assertThat(python.path("example").toString()).isEqualTo(JSON.writeValueAsString(exampleAsPythonReadsIt(all.subList(0, EXAMPLE_ROWS))));
        assertThat(doubles(python.path("example_predictions"))).containsExactlyElementsOf(javaOnExample);
    }

    /**
     * Loads the registered model by pyfunc and by the spark flavor, scores the rows (read with their dtypes: float64,
     * text with None, datetime64) and reads the model info and input example.
     */
    private static final String SCRIPT = """
            import json, sys
            import pandas as pd
            import mlflow, mlflow.pyfunc, mlflow.spark
            from mlflow.models import Model
            from pyspark.sql import SparkSession
            from pyspark.ml.functions import vector_to_array
            uri, rows_path, out_path = sys.argv[1:4]
            rows = pd.DataFrame(json.load(open(rows_path)), columns=["id", "income", "segment", "signup_time"])
            rows["income"] = rows["income"].astype("float64")
            rows["signup_time"] = pd.to_datetime(rows["signup_time"], format="%Y-%m-%d %H:%M:%S.%f")
            inputs = ["income", "segment", "signup_time"]
            pyfunc_model = mlflow.pyfunc.load_model(uri)
            pyfunc = dict(zip(rows["id"], [float(p) for p in pyfunc_model.predict(rows[inputs])]))
            spark_model = mlflow.spark.load_model(uri)
            scored = spark_model.transform(SparkSession.getActiveSession().createDataFrame(rows)) \\
                .select("id", "prediction", vector_to_array("probability")[1].alias("p")).collect()
            info = mlflow.models.get_model_info(uri)
            example = Model.load(uri).load_input_example(uri)
            def text(value):
                if isinstance(value, str):
                    return value
                if pd.isna(value):
                    return None
                if isinstance(value, pd.Timestamp):
                    return value.strftime("%Y-%m-%d %H:%M:%S.%f")
                return repr(float(value))
            json.dump({
                "pyfunc": pyfunc,
                "spark": {r["id"]: {"prediction": r["prediction"], "probability": r["p"]} for r in scored},
                "info": {
                    "run_id": info.run_id,
                    "inputs": info.signature.inputs.to_json(),
                    "outputs": info.signature.outputs.to_json(),
                    "example_info": info.saved_input_example_info,
                },
                "example": [[text(example[c].iloc[i]) for c in inputs] for i in range(len(example))],
                "example_predictions": [float(p) for p in pyfunc_model.predict(example)],
            }, open(out_path, "w"))
            """;

    /**
     * Applicants: the label follows income, segment and hour of sign-up plus a fixed pseudo-random noise, so that the
     * classes overlap and probabilities spread; every 7th income and every 11th segment is missing.
     */
    private static List<Row> rows(int count) {
        List<String> segments = List.of("a", "b", "c");
        Instant start = Instant.parse("2024-03-01T00:00:00Z");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Double income = i % 7 == 3 ? null : 20.0 + (i * 37 % 80);
            String segment = i % 11 == 2 ? null : segments.get(i * 7 % 3);
            Instant signup = start.plusSeconds(i * 4_441L).plusNanos(i * 1_234_000L);
            int hour = signup.atZone(ZoneOffset.UTC).getHour();
            double noise = ((i * 7919) % 17 - 8) / 3.0;
            double score = (income == null ? 0 : (income - 60) / 12.0) + ("b".equals(segment) ? 0.8 : "c".equals(segment) ? -0.5 : 0)
                    + (hour >= 12 ? 0.6 : -0.6) + noise;
            rows.add(RowFactory.create("r" + i, income, segment, Timestamp.from(signup), score > 0 ? 1.0 : 0.0));
        }
        return rows;
    }

    private static DatasetSpec spec() {
        FeatureSpec features = new FeatureSpec(
                List.of(new NumericFeature("income"),
                        new NumericFeature("signup_hour", FeatureSpec.Scale.NONE, FeatureSpec.Transform.NONE, 1.0, Optional.empty())),
                List.of(new CategoricalFeature("segment", FeatureSpec.Encoding.ONE_HOT)),
                List.of(DerivedColumn.datePart("signup_hour", "signup_time", DerivedColumn.DatePart.HOUR)), List.of(), List.of());
        return new DatasetSpec("applicants", TaskType.BINARY, "id", "", "", "label", "", List.of(), List.of(), List.of(),
                List.of(new MissingValuePolicy("income", MissingValuePolicy.Strategy.MEAN, "", true)), QualitySpec.none(), features);
    }

    private static Classifiers.Candidate candidate() {
        LogisticRegression classifier = new LogisticRegression().setMaxIter(100).setRegParam(0.01).setThreshold(THRESHOLD)
                .setFeaturesCol(FeaturePipelines.FEATURES_COLUMN).setLabelCol("label");
        return new Classifiers.Candidate(Algorithm.LOGISTIC_REGRESSION, classifier, Map.of("threshold", String.valueOf(THRESHOLD)));
    }

    /** Prediction and probability of class 1 per row id, in row order. */
    private static Map<String, double[]> scores(PipelineModel model, Dataset<Row> rows) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (Row row : model.transform(rows).select(col("id"), col("prediction"), vector_to_array(col("probability"), "float64").getItem(1)).collectAsList()) {
            scores.put(row.getString(0), new double[] {row.getDouble(1), row.getDouble(2)});
        }
        return scores;
    }

    /** The rows as JSON records, the time as UTC wall-clock text to the microsecond. */
    private static List<Map<String, Object>> records(List<Row> rows) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> record = new HashMap<>();
            record.put("id", row.getString(0));
            record.put("income", row.get(1));
            record.put("segment", row.get(2));
            record.put("signup_time", row.isNullAt(3) ? null : MICROS.format(row.getTimestamp(3).toInstant()));
            records.add(record);
        }
        return records;
    }

    /** What the Python script makes of each input value: repr of a float, the text, the UTC time, null when missing. */
    private static List<List<String>> exampleAsPythonReadsIt(List<Row> rows) {
        List<List<String>> values = new ArrayList<>();
        for (Row row : rows) {
            List<String> value = new ArrayList<>();
            value.add(row.isNullAt(1) ? null : String.valueOf(row.getDouble(1)));
            value.add(row.getString(2));
            value.add(row.isNullAt(3) ? null : MICROS.format(row.getTimestamp(3).toInstant()));
            values.add(value);
        }
        return values;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        return values;
    }

    private static URI mlflowUri() {
        String value = System.getProperty(MLFLOW_URI_PROPERTY, "").strip();
        if (value.isEmpty()) {
            throw new IllegalStateException("Cannot run RegisteredModelPythonIT: system property " + MLFLOW_URI_PROPERTY
                    + " is not set. Run it with ./mlcycle test, which starts an MLflow server, or start one yourself"
                    + " (mlflow server --backend-store-uri sqlite:///PATH/mlflow.db --artifacts-destination PATH/artifacts"
                    + " --serve-artifacts --host 127.0.0.1 --port 5601) and pass -D" + MLFLOW_URI_PROPERTY + "=http://127.0.0.1:5601");
        }
        return URI.create(value);
    }
}
