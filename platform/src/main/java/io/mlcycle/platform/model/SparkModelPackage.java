package io.mlcycle.platform.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mlcycle.common.io.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * An MLflow model folder in the {@code spark} flavor, written from Java so that MLflow's Python side
 * ({@code mlflow.spark.load_model}, {@code mlflow.pyfunc.load_model}) loads it like one it saved itself:
 *
 * <pre>
 * MLmodel            flavors spark and python_function, signature, input example info, run id
 * sparkml/           the PipelineModel as Spark's writer stores it
 * requirements.txt   python_env.yaml   conda.yaml
 * input_example.json serving_input_example.json   when the metadata holds an {@link InputExample}
 * drift_reference.json ...   extra files, stored next to the model and read back with it
 * </pre>
 *
 * The layout follows {@code mlflow/spark/__init__.py} ({@code save_model}, {@code _save_model_metadata}) and
 * {@code mlflow/models/model.py} of MLflow 3.17.2. The folder is written beside its target and renamed into place
 * when complete. Writing and reading use the active SparkSession, and Spark's writer runs on the executors: on a
 * cluster of several machines the folder must be on a file system they share.
 */
public final class SparkModelPackage {
    public static final String MLMODEL_FILE = "MLmodel";
    public static final String MODEL_DATA_DIR = "sparkml";
    public static final String REQUIREMENTS_FILE = "requirements.txt";
    public static final String PYTHON_ENV_FILE = "python_env.yaml";
    public static final String CONDA_FILE = "conda.yaml";
    /** The MLflow release whose format this writes and which the model's Python environment asks for. */
    public static final String MLFLOW_VERSION = "3.17.2";
    /** The Python the model's environment asks for when none is given (the one mlcycle's venv runs). */
    public static final String DEFAULT_PYTHON_VERSION = "3.11";
    /** Artifact path of the model inside its run when none is given. */
    public static final String DEFAULT_ARTIFACT_PATH = "model";

    private static final Set<String> RESERVED_FILES = Set.of(MLMODEL_FILE, MODEL_DATA_DIR, REQUIREMENTS_FILE, PYTHON_ENV_FILE, CONDA_FILE,
            InputExample.EXAMPLE_FILE, InputExample.SERVING_EXAMPLE_FILE);
    private static final Pattern EXTRA_FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final DateTimeFormatter PYTHON_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final String SPARK_FLAVOR = "spark";
    private static final String PYFUNC_FLAVOR = "python_function";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Quotes every string, so that PyYAML reads "3.10" as a version rather than a number and times as text. */
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private SparkModelPackage() {
    }

    /**
     * What the MLmodel file says about a model besides its flavors. When both a signature and an input example are
     * given, the example's columns are the signature's inputs.
     */
    public record Metadata(String runId, String artifactPath, Optional<ModelSignature> signature, String pythonVersion,
            Optional<InputExample> inputExample) {
        public Metadata {
            requireNonNull(runId, "runId is null");
            requireNonNull(artifactPath, "artifactPath is null");
            requireNonNull(signature, "signature is null");
            requireNonNull(pythonVersion, "pythonVersion is null");
            requireNonNull(inputExample, "inputExample is null");
            if (signature.isPresent() && inputExample.isPresent()
                    && !Set.copyOf(signature.get().inputNames()).equals(Set.copyOf(inputExample.get().columns()))) {
                throw new IllegalArgumentException("Cannot describe a model whose input example has columns " + inputExample.get().columns()
                        + " and whose signature has inputs " + signature.get().inputNames()
                        + ": make the example from the signature's input columns (InputExample.of(rows, signature.inputNames(), maxRows)).");
            }
        }

        /** A model of run {@code runId} at artifact path {@code model}, without signature or input example, for Python 3.11. */
        public static Metadata forRun(String runId) {
            return new Metadata(runId, DEFAULT_ARTIFACT_PATH, Optional.empty(), DEFAULT_PYTHON_VERSION, Optional.empty());
        }

        public Metadata withSignature(ModelSignature newSignature) {
            return new Metadata(runId, artifactPath, Optional.of(newSignature), pythonVersion, inputExample);
        }

        public Metadata withArtifactPath(String newArtifactPath) {
            return new Metadata(runId, newArtifactPath, signature, pythonVersion, inputExample);
        }

        public Metadata withPythonVersion(String newPythonVersion) {
            return new Metadata(runId, artifactPath, signature, newPythonVersion, inputExample);
        }

        /** Stores {@code example} with the model ({@value InputExample#EXAMPLE_FILE}, {@value InputExample#SERVING_EXAMPLE_FILE}). */
        public Metadata withInputExample(InputExample example) {
            return new Metadata(runId, artifactPath, signature, pythonVersion, Optional.of(example));
        }
    }

    /** Writes {@code model} of run {@code runId} with {@link Metadata#forRun} defaults; see {@link #write(PipelineModel, Path, Metadata, Map)}. */
    public static Path write(PipelineModel model, Path modelDir, String runId, Map<String, byte[]> extraFiles) {
        return write(model, modelDir, Metadata.forRun(runId), extraFiles);
    }

    /**
     * Writes the model folder {@code modelDir} (which must not exist or be empty) and returns it.
     * {@code extraFiles} maps plain file names (no directories) to their bytes. A signature is written with the outputs
     * of {@code model} itself ({@link ModelSignature#withOutputsOf}), since the fitted pipeline is what gives them.
     */
    public static Path write(PipelineModel model, Path modelDir, Metadata metadata, Map<String, byte[]> extraFiles) {
        requireNonNull(model, "model is null");
        requireNonNull(metadata, "metadata is null");
        String purpose = "write the MLflow model folder " + modelDir;
        requireAbsentOrEmpty(modelDir, purpose);
        extraFiles.keySet().forEach(name -> checkExtraFileName(name, purpose));
        Path staging = LocalFiles.stagingDirectory(modelDir, "writing");
        try {
            saveSparkModel(model, staging.resolve(MODEL_DATA_DIR));
            extraFiles.forEach((name, bytes) -> writeFile(staging.resolve(name), bytes));
            metadata.inputExample().ifPresent(example -> {
                writeFile(staging.resolve(InputExample.EXAMPLE_FILE), example.exampleJson().getBytes(StandardCharsets.UTF_8));
                writeFile(staging.resolve(InputExample.SERVING_EXAMPLE_FILE), example.servingJson().getBytes(StandardCharsets.UTF_8));
            });
            long modelSize = totalSize(staging);
            String pysparkVersion = SparkSession.active().version();
            writeFile(staging.resolve(MLMODEL_FILE), yaml(mlmodel(metadata, model, pysparkVersion, modelSize)));
            writeFile(staging.resolve(REQUIREMENTS_FILE), String.join("\n", requirements(pysparkVersion)).getBytes(StandardCharsets.UTF_8));
            writeFile(staging.resolve(PYTHON_ENV_FILE), yaml(pythonEnv(metadata.pythonVersion())));
            writeFile(staging.resolve(CONDA_FILE), yaml(condaEnv(metadata.pythonVersion(), pysparkVersion)));
            LocalFiles.publish(staging, modelDir);
            return modelDir;
        } finally {
            LocalFiles.deleteRecursively(staging);
        }
    }

    /** Reads a model folder in the spark flavor, written by {@link #write} or by MLflow's {@code mlflow.spark.save_model}. */
    public static PackagedModel read(Path modelDir) {
        String purpose = "read the MLflow model folder " + modelDir;
        Path mlmodelFile = modelDir.resolve(MLMODEL_FILE);
        if (!Files.isRegularFile(mlmodelFile)) {
            throw new IllegalArgumentException("Cannot " + purpose + ": it has no " + MLMODEL_FILE
                    + " file. Pass the folder that holds MLmodel (the model's artifact directory, such as <run>/artifacts/model).");
        }
        JsonNode mlmodel = readYaml(mlmodelFile, purpose);
        String modelData = mlmodel.path("flavors").path(SPARK_FLAVOR).path("model_data").asText("");
        if (modelData.isEmpty()) {
            throw new IllegalArgumentException("Cannot " + purpose + ": its MLmodel has no spark flavor with model_data; flavors are "
                    + fieldNames(mlmodel.path("flavors")));
        }
        PipelineModel pipeline = PipelineModel.load(modelDir.resolve(modelData).toUri().toString());
        return new PackagedModel(modelDir, pipeline, mlmodel.path("run_id").asText(""), readExtraFiles(modelDir, Set.of(modelData)));
    }

    private static void saveSparkModel(PipelineModel model, Path dir) {
        try {
            model.write().save(dir.toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the Spark pipeline model to " + dir, e);
        }
    }

    private static Map<String, Object> mlmodel(Metadata metadata, PipelineModel model, String pysparkVersion, long modelSize) {
        Map<String, Object> spark = new TreeMap<>();
        spark.put("pyspark_version", pysparkVersion);
        spark.put("model_data", MODEL_DATA_DIR);
        spark.put("model_class", "pyspark.ml.pipeline.PipelineModel");
        Map<String, Object> pyfunc = new TreeMap<>();
        pyfunc.put("loader_module", "mlflow.spark");
        pyfunc.put("data", MODEL_DATA_DIR);
        pyfunc.put("python_version", metadata.pythonVersion());
        pyfunc.put("env", new TreeMap<>(Map.of("conda", CONDA_FILE, "virtualenv", PYTHON_ENV_FILE)));
        Map<String, Object> mlmodel = new TreeMap<>();
        mlmodel.put("artifact_path", metadata.artifactPath());
        mlmodel.put("flavors", new TreeMap<>(Map.of(PYFUNC_FLAVOR, pyfunc, SPARK_FLAVOR, spark)));
        mlmodel.put("mlflow_version", MLFLOW_VERSION);
        mlmodel.put("model_size_bytes", modelSize);
        mlmodel.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
        mlmodel.put("run_id", metadata.runId());
        mlmodel.put("utc_time_created", LocalDateTime.now(ZoneOffset.UTC).format(PYTHON_DATETIME));
        metadata.inputExample().ifPresent(example -> mlmodel.put("saved_input_example_info", example.mlmodelInfo()));
        metadata.signature().ifPresent(signature -> {
            mlmodel.put("signature", signature(signature.withOutputsOf(model)));
            mlmodel.put("is_signature_from_type_hint", false);
            mlmodel.put("type_hint_from_example", false);
        });
        return mlmodel;
    }

    /** MLflow keeps the schemas as JSON strings inside the YAML. */
    private static Map<String, Object> signature(ModelSignature signature) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("inputs", json(signature.inputsForMlflow()));
        map.put("outputs", signature.outputs().isEmpty() ? null : json(signature.outputsForMlflow()));
        map.put("params", null);
        return map;
    }

    private static List<String> requirements(String pysparkVersion) {
        return List.of("mlflow==" + MLFLOW_VERSION, "pyspark==" + pysparkVersion);
    }

    private static Map<String, Object> pythonEnv(String pythonVersion) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("python", pythonVersion);
        env.put("build_dependencies", List.of("pip", "setuptools", "wheel"));
        env.put("dependencies", List.of("-r " + REQUIREMENTS_FILE));
        return env;
    }

    private static Map<String, Object> condaEnv(String pythonVersion, String pysparkVersion) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("channels", List.of("conda-forge"));
        env.put("dependencies", List.of("python=" + pythonVersion, "pip", Map.of("pip", requirements(pysparkVersion))));
        env.put("name", "mlflow-env");
        return env;
    }

    private static Map<String, byte[]> readExtraFiles(Path modelDir, Set<String> modelDataDirs) {
        Map<String, byte[]> extras = new TreeMap<>();
        try (Stream<Path> entries = Files.list(modelDir)) {
            for (Path entry : entries.filter(Files::isRegularFile).toList()) {
                String name = entry.getFileName().toString();
                if (!RESERVED_FILES.contains(name) && !modelDataDirs.contains(name)) {
                    extras.put(name, Files.readAllBytes(entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the extra files of the MLflow model folder " + modelDir, e);
        }
        return extras;
    }

    private static void checkExtraFileName(String name, String purpose) {
        if (!EXTRA_FILE_NAME.matcher(name).matches() || RESERVED_FILES.contains(name)) {
            throw new IllegalArgumentException("Cannot " + purpose + " with extra file '" + name
                    + "': extra files need plain names (letters, digits, '_', '.', '-') other than " + new TreeSet<>(RESERVED_FILES));
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a model signature as JSON", e);
        }
    }

    private static byte[] yaml(Object value) {
        try {
            return YAML.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write MLflow model metadata as YAML", e);
        }
    }

    private static JsonNode readYaml(Path file, String purpose) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot " + purpose + ": " + file + " is not readable YAML", e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    private static void writeFile(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static long totalSize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure the model folder being written in " + dir, e);
        }
    }

    private static void requireAbsentOrEmpty(Path dir, String purpose) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("Cannot " + purpose + ": the directory exists and is not empty."
                        + " Write into a new directory, or delete this one first.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot " + purpose + ": it cannot be listed", e);
        }
    }
}
