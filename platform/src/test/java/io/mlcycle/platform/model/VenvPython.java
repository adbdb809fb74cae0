package io.mlcycle.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Python of the virtualenv named by {@value #VENV_PROPERTY} (mlflow 3.17.2, pyspark 4.2.0): runs a script whose
 * last argument is a file it writes its JSON answer to.
 */
public final class VenvPython {
    static final String VENV_PROPERTY = "mlcycle.it.venv";
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private final Path python;
    private final Path workDir;

    private VenvPython(Path python, Path workDir) {
        this.python = python;
        this.workDir = workDir;
    }

    /** The venv's Python, writing its scripts, answers and logs under {@code workDir}. */
    public static VenvPython in(Path workDir) {
        String venv = System.getProperty(VENV_PROPERTY, "").strip();
        if (venv.isEmpty()) {
            throw new IllegalStateException("Cannot run the Python model-format tests: system property " + VENV_PROPERTY
                    + " is not set. Run them with ./mlcycle test, or pass -D" + VENV_PROPERTY
                    + "=<a virtualenv with mlflow==3.17.2 and pyspark==4.2.0>.");
        }
        Path candidate = Path.of(venv, "bin", "python");
        if (!Files.isExecutable(candidate)) {
            throw new IllegalStateException("Cannot run the Python model-format tests: " + candidate + " is not an executable."
                    + " Point -D" + VENV_PROPERTY + " at a virtualenv with mlflow==3.17.2 and pyspark==4.2.0.");
        }
        return new VenvPython(candidate, workDir);
    }

    /**
     * Runs {@code script} with {@code arguments} and the answer file, in the UTC time zone (the Spark test sessions' one),
     * with {@code environment} added; fails with the script's output when it fails.
     */
    public JsonNode run(String script, Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        Path scriptFile = Files.writeString(workDir.resolve("script-" + System.nanoTime() + ".py"), script);
        Path output = workDir.resolve("out-" + System.nanoTime() + ".json");
        Path log = workDir.resolve("python-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(python.toString(), scriptFile.toString()));
        command.addAll(List.of(arguments));
        command.add(output.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("PYSPARK_PYTHON", python.toString());
        builder.environment().put("TZ", "UTC");
        builder.environment().put("TMPDIR", Files.createDirectories(workDir.resolve("python-tmp")).toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Python did not finish within 5 minutes; its output:\n" + tail(log));
        }
        assertThat(process.exitValue()).as("exit code of Python; its output:\n%s", tail(log)).isZero();
        return JSON.readTree(output.toFile());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
