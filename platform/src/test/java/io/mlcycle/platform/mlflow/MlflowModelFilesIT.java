package io.mlcycle.platform.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlflowModelFilesIT {
    private static MlflowTracker tracker;
    private static MlflowModelFiles modelFiles;
    private static String experimentId;

    @TempDir
    Path tmp;

    private Path modelDir;

    @BeforeAll
    static void connect() {
        MlflowRestClient client = MlflowTestServer.client();
        tracker = new MlflowTracker(client);
        modelFiles = new MlflowModelFiles(client);
        experimentId = tracker.experimentId(MlflowTestServer.uniqueName("files-it"));
    }

    @BeforeEach
    void writeModelFolder() throws IOException {
        modelDir = Files.createDirectories(tmp.resolve("upload/model"));
        byte[] binary = new byte[300_000];
        new Random(7).nextBytes(binary);
        Files.writeString(modelDir.resolve("MLmodel"), "flavors:\n  spark:\n    model_data: sparkml\n");
        Files.write(Files.createDirectories(modelDir.resolve("sparkml/stages/0_LogisticRegression/data")).resolve("part-00000.parquet"), binary);
        Files.writeString(Files.createDirectories(modelDir.resolve("sparkml/metadata")).resolve("part-00000"), "{\"class\":\"PipelineModel\"}");
        Files.write(modelDir.resolve("sparkml/metadata/_SUCCESS"), new byte[0]);
        Files.writeString(modelDir.resolve("drift reference.json"), "{\"bins\": [1, 2]}", StandardCharsets.UTF_8);
    }

    @Test
    void uploadedFolderDownloadsByteForByte() throws IOException {
        String runId = tracker.startRun(experimentId, "upload", Map.of());
        tracker.uploadArtifacts(runId, modelDir, "model");

        Path downloaded = modelFiles.download(tracker.artifactUri(runId) + "/model", tmp.resolve("download/v1"));

        assertThat(downloaded).isEqualTo(tmp.resolve("download/v1"));
        assertThat(contents(downloaded)).containsOnlyKeys(
                "MLmodel", "drift reference.json", "sparkml/metadata/_SUCCESS", "sparkml/metadata/part-00000",
                "sparkml/stages/0_LogisticRegression/data/part-00000.parquet");
        assertSameFiles(downloaded, modelDir);
        try (Stream<Path> siblings = Files.list(tmp.resolve("download"))) {
            assertThat(siblings).as("no staging folder is left behind").containsExactly(downloaded);
        }
    }

    @Test
    void uploadStoresFilesBelowTheRunsArtifactPath() {
        String runId = tracker.startRun(experimentId, "upload-listing", Map.of());

        tracker.uploadArtifacts(runId, modelDir, "model");

        JsonNode listing = MlflowTestServer.read("artifacts/list", Map.of("run_id", runId, "path", "model/sparkml/metadata"));
        List<String> names = new ArrayList<>();
        listing.path("files").forEach(file -> names.add(file.path("path").asText()));
        assertThat(names).containsExactlyInAnyOrder("model/sparkml/metadata/_SUCCESS", "model/sparkml/metadata/part-00000");
    }

    @Test
    void runsUriDownloadsTheSameFolder() throws IOException {
        String runId = tracker.startRun(experimentId, "runs-uri", Map.of());
        tracker.uploadArtifacts(runId, modelDir, "model");

        Path downloaded = modelFiles.download("runs:/" + runId + "/model", tmp.resolve("download/by-run"));

        assertSameFiles(downloaded, modelDir);
    }

    @Test
    void nothingAtTheSourceIsNotFoundAndLeavesNoTarget() {
        String runId = tracker.startRun(experimentId, "empty", Map.of());
        String source = tracker.artifactUri(runId) + "/model";
        Path target = tmp.resolve("download/missing");

        assertThatThrownBy(() -> modelFiles.download(source, target))
                .isInstanceOfSatisfying(MlflowException.class, e -> assertThat(e.category()).isEqualTo(MlflowErrorCategory.NOT_FOUND))
                .hasMessage("Cannot download model files from " + source + ": the tracking server at " + MlflowTestServer.uri() + "/ holds no files"
                        + " below " + experimentId + "/" + runId + "/artifacts/model. Check that the model was uploaded to this server and that the URI is right.");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesToDownloadIntoAFolderThatHoldsFiles() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("download/used"));
        Files.writeString(target.resolve("old.txt"), "old");

        assertThatThrownBy(() -> modelFiles.download("mlflow-artifacts:/1/abc/artifacts/model", target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot download model files from mlflow-artifacts:/1/abc/artifacts/model into " + target
                        + ": the directory exists and is not empty. Download into a new directory, or delete this one first.");
    }

    private static void assertSameFiles(Path actual, Path expected) throws IOException {
        Map<String, byte[]> actualFiles = contents(actual);
        Map<String, byte[]> expectedFiles = contents(expected);
        assertThat(actualFiles.keySet()).containsExactlyElementsOf(expectedFiles.keySet());
        expectedFiles.forEach((name, bytes) -> assertThat(actualFiles.get(name)).as(name).isEqualTo(bytes));
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
