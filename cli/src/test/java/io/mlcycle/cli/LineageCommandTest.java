package io.mlcycle.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mlcycle.platform.delta.DeltaTables;
import io.mlcycle.platform.delta.Lineage;
import io.mlcycle.platform.delta.Lineage.TableVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mlcycle lineage} on a small lake that real Spark and Delta write once (the command itself reads the logs
 * without Spark; the session is stopped before it runs), with a scripted MLflow endpoint standing in for the server.
 */
class LineageCommandTest {
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path lake;
    private static String bronze;
    private static String features;

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> mlflowRequests = new ArrayList<>();
    private HttpServer mlflow;

    /** bronze v0 (ingest from files) -> meta/ingestion_log v0, silver/features v0 (older lineage format) and v1. */
    @BeforeAll
    static void writeLake() {
        lake = work.resolve("lake");
        bronze = lake.resolve("bronze/applications").toString();
        features = lake.resolve("silver/features").toString();
        SparkSession spark = SparkSession.builder().appName("LineageCommandTest").master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.databricks.delta.snapshotPartitions", "2")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        try {
            Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create("a")), SCHEMA);
            DeltaTables.append(rows, bronze, new Lineage("ingest", "ingest-run", List.of(), List.of("files:/in/part-0.csv")).toJson());
            DeltaTables.append(rows, lake.resolve("meta/ingestion_log").toString(),
                    new Lineage("ingest", "ingest-run", List.of(new TableVersion(bronze, 0)), List.of("files:/in/part-0.csv")).toJson());
            DeltaTables.overwrite(rows, features, "{\"job\":\"prepare\",\"run_id\":\"prepare-run-0\",\"reads\":[{\"table\":\"" + bronze + "\",\"version\":0}]}");
            DeltaTables.overwrite(rows, features, new Lineage("prepare", "prepare-run-1", List.of(new TableVersion(bronze, 0))).toJson());
        } finally {
            spark.stop();
        }
    }

    @AfterEach
    void stopMlflow() {
        if (mlflow != null) {
            mlflow.stop(0);
        }
    }

    @Test
    void showsWhereAFeatureVersionCameFromAndTheRunsThatTrainedOnIt() throws IOException {
        String uri = scriptedMlflow();

        int exitCode = lineage(uri, "silver/features", "--version", "1");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("silver/features version 1 (latest 1)")
                .containsPattern("committed  \\S+Z  WRITE  by prepare, run prepare-run-1")
                .contains("read       bronze/applications v0")
                .contains("sources    none")
                .containsPattern("(?m)^  silver/features v1  \\S+  WRITE  by prepare, run prepare-run-1$")
                .containsPattern("(?m)^    <- bronze/applications v0  \\S+  WRITE  by ingest, run ingest-run$")
                .containsPattern("(?m)^       source files:/in/part-0.csv$")
                .contains("built from it (commits that read silver/features v1)\n  none")
                .contains("run run-lr  train-logistic-regression  experiment 7  FINISHED")
                .doesNotContain("run-other");
        assertThat(mlflowRequests).anySatisfy(request -> assertThat(request).contains("tags.`mlcycle.data.version` = '1'"));
    }

    @Test
    void showsWhatWasBuiltFromABronzeVersionAndGoesOnWithoutMlflow() throws IOException {
        int exitCode = lineage(closedPortUri(), "bronze/applications");

        assertThat(exitCode).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("bronze/applications version 0 (latest 0)")
                .contains("read       no Delta table")
                .contains("sources    files:/in/part-0.csv")
                .containsPattern("(?m)^  meta/ingestion_log v0  \\S+  WRITE  by ingest, run ingest-run$")
                .containsPattern("(?m)^  silver/features v0  \\S+  WRITE  by prepare, run prepare-run-0$")
                .containsPattern("(?m)^  silver/features v1  \\S+  WRITE  by prepare, run prepare-run-1$")
                .containsPattern("(?m)^  MLflow runs not searched: Cannot reach the MLflow tracking server at http://127.0.0.1:\\d+/: .*$");
    }

    @Test
    void printsJsonForMachines() throws IOException {
        int exitCode = lineage(closedPortUri(), features, "--json");

        assertThat(exitCode).as(err.toString()).isZero();
        JsonNode lineage = JSON.readTree(out.toString());
        assertThat(lineage.path("name").asText()).isEqualTo("silver/features");
        assertThat(lineage.path("commit").path("version").asLong()).isEqualTo(1);
        assertThat(lineage.path("upstream").get(0).path("commit").path("job").asText()).isEqualTo("ingest");
        assertThat(lineage.path("upstream").get(0).path("commit").path("sources").get(0).asText()).isEqualTo("files:/in/part-0.csv");
        assertThat(lineage.path("built_from")).isEmpty();
        assertThat(lineage.path("mlflow_note").asText()).startsWith("MLflow runs not searched");
    }

    @Test
    void namesTheVersionsThereAreWhenOneIsOutOfRange() throws IOException {
        int exitCode = lineage(closedPortUri(), "silver/features", "--version", "7");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Error: Cannot show version 7 of " + features + ": the table has versions 0 to 1.\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void saysWhatToCheckWhenThereIsNoDeltaTable() throws IOException {
        int exitCode = lineage(closedPortUri(), "silver/featurez");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Error: Cannot read the Delta log of " + lake.resolve("silver/featurez") + ": the folder "
                + lake.resolve("silver/featurez") + " does not exist. Check the path (a table name is relative to mlcycle.lake.root),"
                + " or run the job that writes the table first.\n");
    }

    @Test
    void keepsHelpAlthoughVersionNamesTheTableVersion() throws IOException {
        int exitCode = lineage(closedPortUri(), "--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("Usage: mlcycle lineage [-h] [--json]").contains("--version=N       The table version (default: the latest).");
    }

    private int lineage(String mlflowUri, String... arguments) {
        Path config = TestFiles.configFile(directory, "mlcycle.lake.root = \"" + lake + "\"\nmlcycle.mlflow.tracking-uri = \"" + mlflowUri + "\"\n");
        List<String> line = new ArrayList<>(List.of("--config", config.toString(), "lineage"));
        line.addAll(List.of(arguments));
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new));
    }

    /** An MLflow REST endpoint with one experiment and two runs at version 1: one on the feature table, one on another table. */
    private String scriptedMlflow() throws IOException {
        mlflow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mlflow.createContext("/api/2.0/mlflow/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            mlflowRequests.add(body);
            String answer = exchange.getRequestURI().getPath().endsWith("experiments/search")
                    ? "{\"experiments\":[{\"experiment_id\":\"7\",\"name\":\"mlcycle\"}]}"
                    : "{\"runs\":[" + run("run-lr", "train-logistic-regression", features) + "," + run("run-other", "train-other", "/elsewhere/t") + "]}";
            byte[] bytes = answer.getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        mlflow.start();
        return "http://127.0.0.1:" + mlflow.getAddress().getPort();
    }

    private static String run(String id, String name, String table) {
        return "{\"info\":{\"run_id\":\"" + id + "\",\"experiment_id\":\"7\",\"status\":\"FINISHED\"},\"data\":{\"tags\":["
                + "{\"key\":\"mlflow.runName\",\"value\":\"" + name + "\"},{\"key\":\"mlcycle.data.table\",\"value\":\"" + table + "\"},"
                + "{\"key\":\"mlcycle.data.version\",\"value\":\"1\"}]}}";
    }

    private static String closedPortUri() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
