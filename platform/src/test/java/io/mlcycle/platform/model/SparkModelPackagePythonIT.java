package io.mlcycle.platform.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.platform.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.OneHotEncoder;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow's own Python code as the independent judge of the model folder: {@code mlflow.pyfunc.load_model} loads
 * what SparkModelPackage wrote and must predict what Spark predicts in Java, and SparkModelPackage must read a
 * folder written by {@code mlflow.spark.save_model}.
 */
class SparkModelPackagePythonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType SCHEMA = new StructType()
            .add("income", DataTypes.DoubleType)
            .add("segment", DataTypes.StringType)
            .add("label", DataTypes.DoubleType);
    private static final List<Row> TRAINING = List.of(
            RowFactory.create(10.0, "a", 0.0),
            RowFactory.create(20.0, "b", 0.0),
            RowFactory.create(30.0, "a", 0.0),
            RowFactory.create(70.0, "b", 1.0),
            RowFactory.create(80.0, "a", 1.0),
            RowFactory.create(90.0, "c", 1.0));
    /** Rows to score: both classes, near the boundary, and a segment the model never saw. */
    private static final List<Row> SCORED = List.of(
            RowFactory.create(15.0, "a", 0.0),
            RowFactory.create(45.0, "b", 0.0),
            RowFactory.create(55.0, "c", 0.0),
            RowFactory.create(95.0, "b", 0.0),
            RowFactory.create(85.0, "never-seen", 0.0));

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        VenvPython.in(Path.of(System.getProperty("java.io.tmpdir"))); // fails first, saying how to name the venv
        spark = SparkTestSession.start(SparkModelPackagePythonIT.class);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void mlflowPyfuncLoadsTheFolderAndPredictsLikeJava() throws Exception {
        PipelineModel model = pipeline().fit(spark.createDataFrame(TRAINING, SCHEMA));
        Dataset<Row> scored = spark.createDataFrame(SCORED, SCHEMA);
        List<Double> javaPredictions = scored.transform(model::transform).select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        ModelSignature signature = ModelSignature.of(SCHEMA, List.of("income", "segment"));
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"),
                SparkModelPackage.Metadata.forRun("run-py").withSignature(signature),
                Map.of("drift_reference.json", "{}".getBytes(UTF_8)));
        Path rows = Files.writeString(tmp.resolve("rows.json"), JSON.writeValueAsString(rowsAsMaps(SCORED)));

        JsonNode result = runPython(PYFUNC_SCRIPT, modelDir.toString(), rows.toString());

        assertThat(javaPredictions).contains(0.0, 1.0);
        assertThat(doubles(result.path("predictions"))).containsExactlyElementsOf(javaPredictions);
        assertThat(strings(result.path("flavors"))).containsExactly("python_function", "spark");
        assertThat(result.path("run_id").asText()).isEqualTo("run-py");
        assertThat(strings(result.path("inputs"))).containsExactly("income", "segment");
    }

    /**
     * The features pipeline with every kind of stage it builds (SQLTransformer for a derived ratio, a log transform,
     * indicators and mode filling; Imputer; RobustScaler and MinMaxScaler; QuantileDiscretizer's Bucketizer;
     * StringIndexer and OneHotEncoder) behind a classifier: MLflow's pyfunc loads it and predicts what Java predicts,
     * for rows with a missing value, a zero denominator and an unseen category.
     */
    @Test
    void mlflowPyfuncLoadsTheConfiguredFeaturePipeline() throws Exception {
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("g", DataTypes.StringType).add("label", DataTypes.DoubleType);
        List<Row> training = List.of(
                RowFactory.create(1.0, 2.0, "x", 0.0), RowFactory.create(2.0, 1.0, "x", 0.0), RowFactory.create(3.0, 4.0, "y", 0.0),
                RowFactory.create(null, 3.0, null, 0.0), RowFactory.create(8.0, 1.0, "y", 1.0), RowFactory.create(9.0, 2.0, "z", 1.0),
                RowFactory.create(7.0, 0.5, "y", 1.0), RowFactory.create(10.0, 3.0, "z", 1.0));
        List<Row> scoredRows = List.of(
                RowFactory.create(1.5, 2.0, "x", 0.0), RowFactory.create(null, 1.0, "y", 0.0), RowFactory.create(9.5, 0.0, "never-seen", 0.0),
                RowFactory.create(8.5, 2.5, null, 0.0));
        io.mlcycle.common.dataset.FeatureSpec features = new io.mlcycle.common.dataset.FeatureSpec(
                List.of(new io.mlcycle.common.dataset.FeatureSpec.NumericFeature("a", io.mlcycle.common.dataset.FeatureSpec.Scale.ROBUST,
                                io.mlcycle.common.dataset.FeatureSpec.Transform.LOG, 1.0, java.util.Optional.empty()),
                        new io.mlcycle.common.dataset.FeatureSpec.NumericFeature("b", io.mlcycle.common.dataset.FeatureSpec.Scale.NONE,
                                io.mlcycle.common.dataset.FeatureSpec.Transform.NONE, 1.0,
                                java.util.Optional.of(io.mlcycle.common.dataset.FeatureSpec.Bucketing.quantile(2))),
                        new io.mlcycle.common.dataset.FeatureSpec.NumericFeature("r", io.mlcycle.common.dataset.FeatureSpec.Scale.MIN_MAX,
                                io.mlcycle.common.dataset.FeatureSpec.Transform.NONE, 1.0, java.util.Optional.empty())),
                List.of(new io.mlcycle.common.dataset.FeatureSpec.CategoricalFeature("g")),
                List.of(io.mlcycle.common.dataset.DerivedColumn.ratio("r", "a", "b")), List.of(), List.of());
        io.mlcycle.common.dataset.DatasetSpec spec = new io.mlcycle.common.dataset.DatasetSpec("t", io.mlcycle.common.dataset.TaskType.BINARY,
                "id", "", "", "label", "", List.of(), List.of(), List.of(),
                List.of(new io.mlcycle.common.dataset.MissingValuePolicy("a", io.mlcycle.common.dataset.MissingValuePolicy.Strategy.MEAN, "", true),
                        new io.mlcycle.common.dataset.MissingValuePolicy("g", io.mlcycle.common.dataset.MissingValuePolicy.Strategy.MODE, "", false)),
                io.mlcycle.common.dataset.QualitySpec.none(), features);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            io.mlcycle.common.features.FeaturePipelines.preprocessing(spec), new LogisticRegression().setMaxIter(50)
        }).fit(spark.createDataFrame(training, schema));
        List<Double> javaPredictions = model.transform(spark.createDataFrame(scoredRows, schema)).select("prediction")
                .as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("features-model"),
                SparkModelPackage.Metadata.forRun("run-features").withSignature(ModelSignature.of(schema, List.of("a", "b", "g"))), Map.of());
        List<Map<String, Object>> rowMaps = new ArrayList<>();
        for (Row row : scoredRows) {
            Map<String, Object> map = new java.util.HashMap<>();
            map.put("a", row.get(0));
            map.put("b", row.get(1));
            map.put("g", row.get(2));
            rowMaps.add(map);
        }
        Path rows = Files.writeString(tmp.resolve("feature-rows.json"), JSON.writeValueAsString(rowMaps));

        JsonNode result = runPython(FEATURES_SCRIPT, modelDir.toString(), rows.toString());

        assertThat(javaPredictions).contains(0.0, 1.0);
        assertThat(doubles(result.path("predictions"))).containsExactlyElementsOf(javaPredictions);
    }

    /**
     * MLflow's {@code Model.load_input_example} reads the example back with the values Spark held: nulls and NaN as
     * missing, timestamps to the microsecond (a whole second included), dates, floats, longs, booleans and binary.
     */
    @Test
    void mlflowLoadsTheInputExampleOfEveryColumnType() throws Exception {
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("score", DataTypes.DoubleType)
                .add("ratio", DataTypes.FloatType).add("segment", DataTypes.StringType).add("seen", DataTypes.TimestampType)
                .add("day", DataTypes.DateType).add("visits", DataTypes.LongType).add("active", DataTypes.BooleanType)
                .add("blob", DataTypes.BinaryType);
        Dataset<Row> rows = spark.createDataFrame(List.of(
                RowFactory.create(1, 1.5, 0.25f, "a", java.sql.Timestamp.from(java.time.Instant.parse("2024-01-02T03:04:05.123456Z")),
                        java.sql.Date.valueOf(java.time.LocalDate.of(2024, 1, 2)), 10L, true, "hi".getBytes(UTF_8)),
                RowFactory.create(2, Double.NaN, null, null, java.sql.Timestamp.from(java.time.Instant.parse("2024-01-03T00:00:00Z")),
                        null, 20L, false, new byte[] {1, 2}),
                RowFactory.create(3, null, Float.NaN, "c", null, null, 30L, true, new byte[] {0})), schema);
        List<String> columns = List.of(schema.fieldNames());
        PipelineModel model = pipeline().fit(spark.createDataFrame(TRAINING, SCHEMA));
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("example-model"), SparkModelPackage.Metadata.forRun("run-example")
                .withSignature(ModelSignature.of(schema, columns)).withInputExample(InputExample.of(rows, columns, 10)), Map.of());

        JsonNode result = runPython(EXAMPLE_SCRIPT, modelDir.toString());

        assertThat(strings(result.path("columns"))).containsExactlyElementsOf(columns);
        assertThat(JSON.convertValue(result.path("dtypes"), Map.class)).containsAllEntriesOf(Map.of("id", "int32", "score", "float64",
                "ratio", "float32", "seen", "datetime64[ns]", "day", "datetime64[ns]", "visits", "int64", "active", "bool"));
        assertThat(result.path("rows").toString()).isEqualTo("[[\"1\",\"1.5\",\"0.25\",\"a\",\"2024-01-02T03:04:05.123456\",\"2024-01-02T00:00:00.000000\",\"10\",\"True\",\"6869\"],"
                + "[\"2\",null,null,null,\"2024-01-03T00:00:00.000000\",null,\"20\",\"False\",\"0102\"],"
                + "[\"3\",null,null,\"c\",null,null,\"30\",\"True\",\"00\"]]");
    }

    /** Loads a folder's input example with MLflow and gives its dtypes and its values as text (null when missing). */
    private static final String EXAMPLE_SCRIPT = """
            import json, sys
            import pandas as pd
            from mlflow.models import Model
            model_dir, out_path = sys.argv[1:3]
            example = Model.load(model_dir).load_input_example(model_dir)
            def text(value):
                if isinstance(value, bytes):
                    return value.hex()
                if isinstance(value, str):
                    return value
                if pd.isna(value):
                    return None
                if isinstance(value, pd.Timestamp):
                    return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
                return repr(value.item() if hasattr(value, "item") else value)
            json.dump({
                "columns": list(example.columns),
                "dtypes": {column: str(example[column].dtype) for column in example.columns},
                "rows": [[text(example[column].iloc[i]) for column in example.columns] for i in range(len(example))],
            }, open(out_path, "w"))
            """;

    /** Like PYFUNC_SCRIPT, for the feature pipeline's columns a, b, g (None in a is NaN to pandas: missing to the pipeline). */
    private static final String FEATURES_SCRIPT = """
            import json, sys
            import pandas as pd
            import mlflow.pyfunc
            model_dir, rows_path, out_path = sys.argv[1:4]
            model = mlflow.pyfunc.load_model(model_dir)
            rows = pd.DataFrame(json.load(open(rows_path)), columns=["a", "b", "g"])
            rows["a"] = rows["a"].astype("float64")
            rows["b"] = rows["b"].astype("float64")
            json.dump({"predictions": [float(p) for p in model.predict(rows)]}, open(out_path, "w"))
            """;

    @Test
    void readsAFolderThatMlflowItselfSaved() throws Exception {
        Path modelDir = tmp.resolve("python-model");
        Path rows = Files.writeString(tmp.resolve("rows.json"), JSON.writeValueAsString(rowsAsMaps(TRAINING)));
        Path scoredRows = Files.writeString(tmp.resolve("scored.json"), JSON.writeValueAsString(rowsAsMaps(SCORED)));

        JsonNode result = runPython(SAVE_SCRIPT, modelDir.toString(), rows.toString(), scoredRows.toString());

        PackagedModel packaged = SparkModelPackage.read(modelDir);
        List<Double> javaPredictions = packaged.pipeline().transform(spark.createDataFrame(SCORED, SCHEMA))
                .select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        assertThat(javaPredictions).containsExactlyElementsOf(doubles(result.path("predictions")));
        assertThat(packaged.extraFile("drift_reference.json")).hasValueSatisfying(bytes -> assertThat(new String(bytes, UTF_8)).isEqualTo("{\"from\": \"python\"}"));
    }

    private static Pipeline pipeline() {
        return new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("segment").setOutputCol("segment_index").setHandleInvalid("keep"),
            new OneHotEncoder().setInputCol("segment_index").setOutputCol("segment_vector"),
            new VectorAssembler().setInputCols(new String[] {"income", "segment_vector"}).setOutputCol("features"),
            new LogisticRegression().setMaxIter(50)
        });
    }

    /** Loads the folder with MLflow's pyfunc and predicts the rows. Arguments: model folder, rows JSON. */
    private static final String PYFUNC_SCRIPT = """
            import json, sys
            import pandas as pd
            import mlflow.pyfunc
            from mlflow.models import Model
            model_dir, rows_path, out_path = sys.argv[1:4]
            meta = Model.load(model_dir)
            model = mlflow.pyfunc.load_model(model_dir)
            rows = pd.DataFrame(json.load(open(rows_path)), columns=["income", "segment"])
            predictions = model.predict(rows)
            json.dump({
                "predictions": [float(p) for p in predictions],
                "flavors": sorted(meta.flavors),
                "run_id": meta.run_id,
                "inputs": meta.signature.inputs.input_names(),
            }, open(out_path, "w"))
            """;

    /** Fits the same pipeline in PySpark, saves it with mlflow.spark.save_model and predicts the scored rows. */
    private static final String SAVE_SCRIPT = """
            import json, os, sys
            import mlflow.spark
            from pyspark.sql import SparkSession
            from pyspark.ml import Pipeline
            from pyspark.ml.feature import StringIndexer, OneHotEncoder, VectorAssembler
            from pyspark.ml.classification import LogisticRegression
            model_dir, rows_path, scored_path, out_path = sys.argv[1:5]
            spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
            def frame(path):
                return spark.createDataFrame([(r["income"], r["segment"], r["label"]) for r in json.load(open(path))], "income double, segment string, label double")
            model = Pipeline(stages=[
                StringIndexer(inputCol="segment", outputCol="segment_index", handleInvalid="keep"),
                OneHotEncoder(inputCol="segment_index", outputCol="segment_vector"),
                VectorAssembler(inputCols=["income", "segment_vector"], outputCol="features"),
                LogisticRegression(maxIter=50),
            ]).fit(frame(rows_path))
            mlflow.spark.save_model(model, model_dir, pip_requirements=["mlflow==3.17.2", "pyspark==4.2.0"])
            with open(os.path.join(model_dir, "drift_reference.json"), "w") as f:
                f.write('{"from": "python"}')
            predictions = [r.prediction for r in model.transform(frame(scored_path)).select("prediction").collect()]
            json.dump({"predictions": predictions}, open(out_path, "w"))
            """;

    private JsonNode runPython(String script, String... arguments) throws IOException, InterruptedException {
        return VenvPython.in(tmp).run(script, Map.of(), arguments);
    }

    private static List<Map<String, Object>> rowsAsMaps(List<Row> rows) {
        return rows.stream().map(row -> Map.<String, Object>of("income", row.getDouble(0), "segment", row.getString(1), "label", row.getDouble(2))).toList();
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        return values;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
