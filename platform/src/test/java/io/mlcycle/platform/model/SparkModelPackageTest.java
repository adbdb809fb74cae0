package io.mlcycle.platform.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.model.ModelSignature.Column;
import io.mlcycle.platform.model.ModelSignature.ColumnType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
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

class SparkModelPackageTest {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("income", DataTypes.DoubleType)
            .add("segment", DataTypes.StringType)
            .add("label", DataTypes.DoubleType);
    private static final String REFERENCE = "{\"features\":{\"income\":[1.0,2.0]}}";

    private static SparkSession spark;
    private static Dataset<Row> rows;
    private static PipelineModel model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fitModel() {
        spark = SparkTestSession.start(SparkModelPackageTest.class);
        // Income alone separates the labels: below 50 is 0, above is 1.
        rows = spark.createDataFrame(List.of(
                RowFactory.create(1, 10.0, "a", 0.0),
                RowFactory.create(2, 20.0, "b", 0.0),
                RowFactory.create(3, 30.0, "a", 0.0),
                RowFactory.create(4, 70.0, "b", 1.0),
                RowFactory.create(5, 80.0, "a", 1.0),
                RowFactory.create(6, 90.0, "c", 1.0)), SCHEMA);
        model = pipeline().fit(rows);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static Pipeline pipeline() {
        return new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("segment").setOutputCol("segment_index").setHandleInvalid("keep"),
            new OneHotEncoder().setInputCol("segment_index").setOutputCol("segment_vector"),
            new VectorAssembler().setInputCols(new String[] {"income", "segment_vector"}).setOutputCol("features"),
            new LogisticRegression().setMaxIter(50)
        });
    }

    @Test
    void reloadedModelPredictsLikeTheOriginal() {
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"), "run-1", Map.of());

        PackagedModel reloaded = SparkModelPackage.read(modelDir);

        List<Row> original = predictions(model);
        assertThat(original).extracting(row -> row.getDouble(1)).containsExactly(0.0, 0.0, 0.0, 1.0, 1.0, 1.0);
        assertThat(predictions(reloaded.pipeline())).containsExactlyElementsOf(original);
        assertThat(reloaded.runId()).isEqualTo("run-1");
    }

    @Test
    void reloadedModelScoresAnUnseenCategoryLikeTheOriginal() {
        Dataset<Row> unseen = spark.createDataFrame(List.of(RowFactory.create(7, 85.0, "never-seen", 1.0)), SCHEMA);
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"), "run-1", Map.of());

        PackagedModel reloaded = SparkModelPackage.read(modelDir);

        assertThat(reloaded.pipeline().transform(unseen).select("prediction").first().getDouble(0)).isEqualTo(1.0);
    }

    @Test
    void writesTheMlflowModelLayout() throws Exception {
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"), "run-1", Map.of("drift_reference.json", REFERENCE.getBytes(UTF_8)));

        try (Stream<Path> entries = Files.list(modelDir)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("MLmodel", "sparkml", "requirements.txt", "python_env.yaml", "conda.yaml", "drift_reference.json");
        }
        assertThat(modelDir.resolve("sparkml/metadata")).isDirectory();
        assertThat(modelDir.resolve("sparkml/stages")).isDirectory();
        assertThat(Files.readString(modelDir.resolve("requirements.txt"))).isEqualTo("mlflow==3.17.2\npyspark==4.2.0");
        assertThat(Files.readString(modelDir.resolve("drift_reference.json"))).isEqualTo(REFERENCE);
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings).as("no staging folder is left behind").containsExactly(modelDir);
        }
    }

    @Test
    void mlmodelNamesTheSparkAndPythonFunctionFlavors() throws Exception {
        SparkModelPackage.Metadata metadata = SparkModelPackage.Metadata.forRun("run-42").withArtifactPath("champion-model");
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"), metadata, Map.of());

        JsonNode mlmodel = new YAMLMapper().readTree(modelDir.resolve("MLmodel").toFile());

        JsonNode spark = mlmodel.path("flavors").path("spark");
        assertThat(spark.path("pyspark_version").textValue()).isEqualTo("4.2.0");
        assertThat(spark.path("model_data").textValue()).isEqualTo("sparkml");
        assertThat(spark.path("model_class").textValue()).isEqualTo("pyspark.ml.pipeline.PipelineModel");
        JsonNode pyfunc = mlmodel.path("flavors").path("python_function");
        assertThat(pyfunc.path("loader_module").textValue()).isEqualTo("mlflow.spark");
        assertThat(pyfunc.path("data").textValue()).isEqualTo("sparkml");
        assertThat(pyfunc.path("python_version").isTextual()).as("3.11 must stay a string, not become the number 3.11").isTrue();
        assertThat(pyfunc.path("python_version").textValue()).isEqualTo("3.11");
        assertThat(pyfunc.path("env").path("conda").textValue()).isEqualTo("conda.yaml");
        assertThat(pyfunc.path("env").path("virtualenv").textValue()).isEqualTo("python_env.yaml");
        assertThat(mlmodel.path("mlflow_version").textValue()).isEqualTo("3.17.2");
        assertThat(mlmodel.path("run_id").textValue()).isEqualTo("run-42");
        assertThat(mlmodel.path("artifact_path").textValue()).isEqualTo("champion-model");
        assertThat(mlmodel.path("model_uuid").textValue()).matches("[0-9a-f]{32}");
        assertThat(mlmodel.path("utc_time_created").textValue()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
        assertThat(mlmodel.has("signature")).isFalse();
    }

    @Test
    void mlmodelHoldsTheSignatureAsMlflowSchemaJson() throws Exception {
        ModelSignature signature = ModelSignature.of(SCHEMA, List.of("income", "segment"));
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"), SparkModelPackage.Metadata.forRun("run-1").withSignature(signature), Map.of());

        JsonNode mlmodel = new YAMLMapper().readTree(modelDir.resolve("MLmodel").toFile());

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(mlmodel.path("signature").path("inputs").textValue())).isEqualTo(json.readTree(
                "[{\"type\": \"double\", \"name\": \"income\", \"required\": true},"
                        + " {\"type\": \"string\", \"name\": \"segment\", \"required\": true}]"));
        // as MLflow 3.17.2's infer_signature(rows, model.transform(rows).select("prediction")) writes it
        assertThat(json.readTree(mlmodel.path("signature").path("outputs").textValue()))
                .isEqualTo(json.readTree("[{\"type\": \"double\", \"name\": \"prediction\", \"required\": true}]"));
        assertThat(mlmodel.path("signature").path("params").isNull()).isTrue();
    }

    @Test
    void signatureOutputsFollowTheFinalPredictor() {
        ModelSignature inputsOnly = ModelSignature.of(SCHEMA, List.of("income"));
        PipelineModel svm = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"income"}).setOutputCol("features"),
            new LinearSVC().setMaxIter(5).setPredictionCol("label_guess")
        }).fit(rows);
        PipelineModel nested = new Pipeline().setStages(new PipelineStage[] {model}).fit(rows);
        PipelineModel noPredictor = new Pipeline().setStages(new PipelineStage[] {
            new SQLTransformer().setStatement("SELECT *, income * 2 AS doubled FROM __THIS__")
        }).fit(rows);

        assertThat(inputsOnly.outputs()).containsExactly(Column.named("prediction", ColumnType.DOUBLE));
        assertThat(inputsOnly.withOutputsOf(svm).outputs()).containsExactly(Column.named("label_guess", ColumnType.DOUBLE));
        assertThat(inputsOnly.withOutputsOf(nested).outputs()).as("no probability: MLflow's pyfunc would fail on it")
                .containsExactly(Column.named("prediction", ColumnType.DOUBLE));
        assertThat(inputsOnly.withOutputsOf(noPredictor)).isEqualTo(inputsOnly);
        assertThat(inputsOnly.withOutputsOf(model).inputs()).isEqualTo(inputsOnly.inputs());
    }

    @Test
    void writesTheInputExampleAsMlflowDoes() throws Exception {
        ModelSignature signature = ModelSignature.of(SCHEMA, List.of("income", "segment"));
        InputExample example = new InputExample(List.of("income", "segment"), List.of(List.of(10.0, "a"), java.util.Arrays.asList(null, "b")));
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"),
                SparkModelPackage.Metadata.forRun("run-1").withSignature(signature).withInputExample(example), Map.of("drift_reference.json", REFERENCE.getBytes(UTF_8)));

        JsonNode mlmodel = new YAMLMapper().readTree(modelDir.resolve("MLmodel").toFile());
        ObjectMapper json = new ObjectMapper();

        assertThat(json.readTree(modelDir.resolve("input_example.json").toFile()))
                .isEqualTo(json.readTree("{\"columns\": [\"income\", \"segment\"], \"data\": [[10.0, \"a\"], [null, \"b\"]]}"));
        assertThat(json.readTree(modelDir.resolve("serving_input_example.json").toFile())).isEqualTo(json.readTree(
                "{\"dataframe_split\": {\"columns\": [\"income\", \"segment\"], \"data\": [[10.0, \"a\"], [null, \"b\"]]}}"));
        assertThat(json.convertValue(mlmodel.path("saved_input_example_info"), Map.class)).isEqualTo(Map.of(
                "artifact_path", "input_example.json", "pandas_orient", "split", "serving_input_path", "serving_input_example.json", "type", "dataframe"));
        assertThat(SparkModelPackage.read(modelDir).extraFileNames()).as("the example is part of the model, not an extra file")
                .containsExactly("drift_reference.json");
    }

    @Test
    void refusesAnInputExampleWhoseColumnsAreNotTheSignatureInputs() {
        ModelSignature signature = ModelSignature.of(SCHEMA, List.of("income", "segment"));
        InputExample example = new InputExample(List.of("income"), List.of(List.of(10.0)));
        SparkModelPackage.Metadata metadata = SparkModelPackage.Metadata.forRun("run-1").withSignature(signature);

        assertThatThrownBy(() -> metadata.withInputExample(example))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot describe a model whose input example has columns [income] and whose signature has inputs [income, segment]:"
                        + " make the example from the signature's input columns (InputExample.of(rows, signature.inputNames(), maxRows)).");
    }

    @Test
    void pythonEnvironmentFilesPinMlflowAndPyspark() throws Exception {
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"), SparkModelPackage.Metadata.forRun("run-1").withPythonVersion("3.10"), Map.of());

        JsonNode pythonEnv = new YAMLMapper().readTree(modelDir.resolve("python_env.yaml").toFile());
        JsonNode conda = new YAMLMapper().readTree(modelDir.resolve("conda.yaml").toFile());

        assertThat(pythonEnv.path("python").textValue()).isEqualTo("3.10");
        assertThat(pythonEnv.path("dependencies").get(0).textValue()).isEqualTo("-r requirements.txt");
        assertThat(conda.path("dependencies").get(0).textValue()).isEqualTo("python=3.10");
        assertThat(conda.path("dependencies").get(2).path("pip"))
                .extracting(JsonNode::textValue).containsExactly("mlflow==3.17.2", "pyspark==4.2.0");
    }

    @Test
    void readGivesBackTheExtraFiles() {
        byte[] reference = REFERENCE.getBytes(UTF_8);
        Path modelDir = SparkModelPackage.write(model, tmp.resolve("model"), "run-1", Map.of("drift_reference.json", reference));

        PackagedModel reloaded = SparkModelPackage.read(modelDir);

        assertThat(reloaded.extraFileNames()).containsExactly("drift_reference.json");
        assertThat(reloaded.extraFile("drift_reference.json")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(reference));
        assertThat(reloaded.extraFile("other.json")).isEmpty();
    }

    @Test
    void refusesToWriteIntoAFolderThatHoldsFiles() throws Exception {
        Path modelDir = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(modelDir.resolve("old.txt"), "old");

        assertThatThrownBy(() -> SparkModelPackage.write(model, modelDir, "run-1", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot write the MLflow model folder " + modelDir + ": the directory exists and is not empty."
                        + " Write into a new directory, or delete this one first.");
    }

    @Test
    void refusesExtraFilesThatWouldReplaceModelFiles() {
        Path modelDir = tmp.resolve("model");

        assertThatThrownBy(() -> SparkModelPackage.write(model, modelDir, "run-1", Map.of("MLmodel", new byte[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot write the MLflow model folder " + modelDir + " with extra file 'MLmodel': extra files need plain names");
        assertThatThrownBy(() -> SparkModelPackage.write(model, modelDir, "run-1", Map.of("../escape.json", new byte[0])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("with extra file '../escape.json'");
        assertThat(modelDir).doesNotExist();
    }

    @Test
    void readingAFolderWithoutMlmodelSaysWhatToPass() throws Exception {
        Path notAModel = Files.createDirectories(tmp.resolve("artifacts"));

        assertThatThrownBy(() -> SparkModelPackage.read(notAModel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read the MLflow model folder " + notAModel + ": it has no MLmodel file."
                        + " Pass the folder that holds MLmodel (the model's artifact directory, such as <run>/artifacts/model).");
    }

    /** (id, prediction, probability of class 1) per row, in id order. */
    private static List<Row> predictions(Transformer transformer) {
        return transformer.transform(rows).orderBy("id").select("id", "prediction", "probability").collectAsList().stream()
                .map(row -> RowFactory.create(row.getInt(0), row.getDouble(1), ((Vector) row.get(2)).apply(1)))
                .toList();
    }
}
