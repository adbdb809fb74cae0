package io.mlcycle.platform.mlflow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.common.io.DatasetInput;
import io.mlcycle.common.io.DatasetInput.Context;
import io.mlcycle.platform.SparkTestSession;
import io.mlcycle.platform.tracking.DeltaInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset inputs of a split Delta table logged to a real MLflow server, read back over plain HTTP and by MLflow's
 * own Python ({@code mlflow.data.get_source}, {@code Schema.from_json}) as the judge of the format.
 */
class DatasetInputsIT {
    private static final String VENV_PROPERTY = "mlcycle.it.venv";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType SCHEMA = new StructType()
            .add("application_id", DataTypes.StringType, false)
            .add("amount", DataTypes.DoubleType)
            .add("defaulted", DataTypes.IntegerType)
            .add("split", DataTypes.StringType);

    private static SparkSession spark;
    private static MlflowTracker tracker;
    private static String experimentId;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start(DatasetInputsIT.class);
        tracker = new MlflowTracker(MlflowTestServer.client());
        experimentId = tracker.experimentId(MlflowTestServer.uniqueName("inputs-it"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void splitsOfAFeatureTableAreLoggedAsTwoInputsMlflowReads() throws Exception {
        String table = tmp.resolve("features").toString();
        spark.createDataFrame(List.of(
                        RowFactory.create("a1", 100.0, 0, "train"), RowFactory.create("a2", 250.0, 1, "train"),
                        RowFactory.create("a3", 80.0, 0, "train"), RowFactory.create("a4", 40.0, 1, "test")), SCHEMA)
                .write().format("delta").partitionBy("split").mode(SaveMode.Overwrite).save(table);
        DatasetInput train = DeltaInputs.of(spark, table, 0, Context.TRAINING, "split = 'train'");
        DatasetInput test = DeltaInputs.of(spark, table, 0, Context.TESTING, "split = 'test'");
        String runId = tracker.startRun(experimentId, "inputs", Map.of());

        tracker.logInputs(runId, List.of(train, test));
        tracker.logInputs(runId, List.of(train));

        JsonNode inputs = MlflowTestServer.read("runs/get", Map.of("run_id", runId)).path("run").path("inputs").path("dataset_inputs");
        assertThat(inputs).as("a repeated input is not added again").hasSize(2);
        List<String> stored = new ArrayList<>();
        for (JsonNode input : inputs) {
            JsonNode dataset = input.path("dataset");
            stored.add(input.path("tags").get(0).path("key").asText() + "=" + input.path("tags").get(0).path("value").asText()
                    + " " + dataset.path("name").asText() + " " + dataset.path("digest").asText() + " " + dataset.path("source_type").asText()
                    + " " + dataset.path("profile").asText());
        }
        assertThat(stored).containsExactlyInAnyOrder(
                "mlflow.data.context=training features " + train.digest() + " delta_table {\"num_rows\":3}",
                "mlflow.data.context=testing features " + test.digest() + " delta_table {\"num_rows\":1}");

        JsonNode python = runPython(READ_SCRIPT, MlflowTestServer.uri().toString(), runId);
        String tablePath = "file:" + tmp.resolve("features").toAbsolutePath();
        assertThat(python.path("inputs")).hasSize(2);
        for (JsonNode input : python.path("inputs")) {
            assertThat(input.path("source_class").asText()).isEqualTo("DeltaDatasetSource");
            assertThat(input.path("path").asText()).isEqualTo(tablePath);
            assertThat(input.path("version").asLong()).isEqualTo(0);
            assertThat(input.path("schema_round_trip").asBoolean()).as("MLflow writes back the schema it read").isTrue();
            assertThat(input.path("columns").toString())
                    .isEqualTo("[\"application_id:string\",\"amount:double\",\"defaulted:integer\",\"split:string\"]");
        }
    }

    /** Reads a run's dataset inputs with MLflow's Python API and prints what it understood. */
    private static final String READ_SCRIPT = """
            import json, sys
            from mlflow import MlflowClient
            from mlflow.data import get_source
            from mlflow.types import Schema
            uri, run_id, out_path = sys.argv[1:4]
            run = MlflowClient(tracking_uri=uri).get_run(run_id)
            inputs = []
            for dataset_input in run.inputs.dataset_inputs:
                dataset = dataset_input.dataset
                source = get_source(dataset_input)
                colspec = json.loads(dataset.schema)["mlflow_colspec"]
                schema = Schema.from_json(json.dumps(colspec))
                inputs.append({
                    "source_class": type(source).__name__,
                    "path": source.path,
                    "version": source.delta_table_version,
                    "schema_round_trip": schema.to_dict() == colspec,
                    "columns": [spec.name + ":" + spec.type.name for spec in schema.inputs],
                })
            json.dump({"inputs": inputs}, open(out_path, "w"))
            """;

    private JsonNode runPython(String script, String... arguments) throws IOException, InterruptedException {
        Path scriptFile = Files.writeString(tmp.resolve("script.py"), script);
        Path out = tmp.resolve("out.json");
        List<String> command = new ArrayList<>(List.of(venvPython().toString(), scriptFile.toString()));
        command.addAll(List.of(arguments));
        command.add(out.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        assertThat(process.exitValue()).as("python failed:\n" + output).isZero();
        return JSON.readTree(out.toFile());
    }

    private static Path venvPython() {
        String venv = System.getProperty(VENV_PROPERTY, "").strip();
        if (venv.isEmpty()) {
            throw new IllegalStateException("Cannot check dataset inputs with MLflow's Python: system property " + VENV_PROPERTY
                    + " is not set. Run the tests with ./mlcycle test, or pass -D" + VENV_PROPERTY + "=<a virtualenv with mlflow==3.17.2>.");
        }
        return Path.of(venv, "bin", "python");
    }
}
