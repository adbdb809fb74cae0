package io.mlcycle.cli.spark;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.CliSettings;
import io.mlcycle.cli.process.ForegroundProcess;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.cli.process.RunFolder;
import io.mlcycle.common.config.SparkSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs mlcycle's Spark applications through the venv's {@code bin/spark-submit} (from the pyspark package), the way a
 * cluster would: master and driver memory from {@link SparkSettings}, Delta's session extension and catalog, few
 * shuffle and Delta snapshot partitions, no UI, scratch space ({@code spark.local.dir}, {@code java.io.tmpdir}) under
 * {@code <work-dir>/tmp}, quiet driver logging, {@code SPARK_LOCAL_IP=127.0.0.1} and {@code JAVA_HOME} of the JVM
 * running the CLI.
 *
 * <p>The CLI's config overrides ({@code -Dmlcycle.*=...} given to ./mlcycle) reach the driver as Java options, so the
 * job reads the same configuration as the CLI. Secret keys go through the environment ({@code CONFIG_FORCE_...},
 * which the config loader reads) instead, so they never appear in a command line or a log.
 *
 * <p>{@link #run} waits and streams the output with a {@code [name]} prefix; {@link #start} leaves the application
 * running in the background with its pid and log files in the {@link RunFolder}, where {@code stack down} finds it.
 */
public final class SparkSubmit {
    /** Config keys whose values are secrets: passed in the environment, never on the command line. */
    public static final Set<String> SECRET_KEYS = Set.of("mlcycle.mlflow.username", "mlcycle.mlflow.password");

    private static final Pattern PLAIN_OPTION = Pattern.compile("[A-Za-z0-9_./:=,+@%-]*");
    private static final Pattern SPARK_VERSION = Pattern.compile("version (\\d+\\.\\d+\\.\\d+\\S*)");

    private final Path venvDir;
    private final SparkSettings spark;
    private final Path workDir;
    private final Map<String, String> configOverrides;
    private final RunFolder runFolder;

    /**
     * @param venvDir the venv whose {@code bin/spark-submit} runs the jobs
     * @param workDir the work dir: scratch space, driver logging config and the run folder go under it
     * @param configOverrides config keys and values to hand on to the driver (see the class comment)
     */
    public SparkSubmit(Path venvDir, SparkSettings spark, Path workDir, Map<String, String> configOverrides) {
        this.venvDir = requireNonNull(venvDir, "venvDir is null").toAbsolutePath().normalize();
        this.spark = requireNonNull(spark, "spark is null");
        this.workDir = requireNonNull(workDir, "workDir is null").toAbsolutePath().normalize();
        // Sorted, so that the command line is the same for the same overrides.
        this.configOverrides = Collections.unmodifiableMap(new TreeMap<>(configOverrides));
        this.runFolder = RunFolder.of(this.workDir);
    }

    /** For the CLI's commands: the stack's venv, the config's Spark settings, and the {@code -Dmlcycle.*} overrides given to the CLI. */
    public static SparkSubmit of(CliSettings settings) {
        return new SparkSubmit(settings.stack().venvDir(), settings.spark(), settings.workDir(), configOverridesFromSystemProperties());
    }

    /** The {@code mlcycle.*} system properties of this JVM: the config overrides given to ./mlcycle with -D. */
    public static Map<String, String> configOverridesFromSystemProperties() {
        Map<String, String> overrides = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("mlcycle."))
                .forEach(key -> overrides.put(key, System.getProperty(key)));
        return overrides;
    }

    public Path executable() {
        return venvDir.resolve("bin").resolve("spark-submit");
    }

    public RunFolder runFolder() {
        return runFolder;
    }

    /** The full spark-submit command line of {@code job}. */
    public List<String> command(SparkJob job) {
        List<String> command = new ArrayList<>(List.of(
                executable().toString(),
                "--master", spark.master(),
                "--driver-memory", spark.driverMemory(),
                "--name", "mlcycle-" + job.name(),
                "--class", job.mainClass(),
                "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                "--conf", "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
                "--conf", "spark.sql.shuffle.partitions=" + spark.shufflePartitions(),
                "--conf", "spark.databricks.delta.snapshotPartitions=" + spark.deltaSnapshotPartitions(),
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.local.dir=" + sparkLocalDir(),
                "--driver-java-options", driverJavaOptions(),
                job.jar().toAbsolutePath().toString()));
        command.addAll(job.arguments());
        return command;
    }

    /** What the environment of spark-submit gets in addition to the CLI's (and {@code SPARK_HOME} and {@code PYSPARK_DRIVER_PYTHON} are removed). */
    public Map<String, String> environment() {
        Map<String, String> environment = new TreeMap<>();
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        // bin/spark-submit finds its SPARK_HOME (the pyspark package) with this Python.
        environment.put("PYSPARK_PYTHON", venvDir.resolve("bin").resolve("python").toString());
        configOverrides.forEach((key, value) -> {
            if (SECRET_KEYS.contains(key)) {
                environment.put(environmentOverrideName(key), value);
            }
        });
        return environment;
    }

    /** Runs {@code job} to its end, printing its output with a {@code [name] } prefix; returns its exit code. */
    public int run(SparkJob job, PrintWriter out) {
        return runForeground(command(job), "[" + job.name() + "] ", out);
    }

    /** As {@link #run(SparkJob, PrintWriter)}, handing the started spark-submit process to {@code started} (to measure it). */
    public int run(SparkJob job, PrintWriter out, java.util.function.Consumer<Process> started) {
        String prefix = "[" + job.name() + "] ";
        return ForegroundProcess.run(processBuilder(command(job)), line -> {
            out.println(prefix + line);
            out.flush();
        }, started);
    }

    /** Starts {@code job} in the background; its pid and log files are {@code <name>.pid} and {@code <name>.log} in the run folder. */
    public ManagedProcess start(SparkJob job) {
        return runFolder.start(job.name(), processBuilder(command(job)));
    }

    /** The Spark version that the venv's spark-submit reports ({@code spark-submit --version}), e.g. "4.2.0". */
    public String version() {
        StringBuilder output = new StringBuilder();
        int exitCode = ForegroundProcess.run(processBuilder(List.of(executable().toString(), "--version")),
                line -> output.append(line).append('\n'));
        Matcher matcher = SPARK_VERSION.matcher(output);
        if (exitCode != 0 || !matcher.find()) {
            throw new CliException(CliError.PROCESS_FAILED, "Cannot run " + executable() + " --version (exit code " + exitCode
                    + "): " + output.toString().strip());
        }
        return matcher.group(1);
    }

    private int runForeground(List<String> command, String prefix, PrintWriter out) {
        return ForegroundProcess.run(processBuilder(command), line -> {
            out.println(prefix + line);
            out.flush();
        });
    }

    private ProcessBuilder processBuilder(List<String> command) {
        if (!Files.isExecutable(executable())) {
            throw new CliException(CliError.MISSING_BUILD_OUTPUT, "Cannot run Spark jobs: " + executable() + " does not exist."
                    + " It comes with pyspark in the stack's venv (mlcycle.stack.venv-dir); create it with ./mlcycle stack up.");
        }
        prepareWorkDir();
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SPARK_HOME");
        builder.environment().remove("PYSPARK_DRIVER_PYTHON");
        builder.environment().putAll(environment());
        return builder;
    }

    private String driverJavaOptions() {
        List<String> options = new ArrayList<>();
        options.add("-Djava.io.tmpdir=" + tmpDir());
        options.add("-Dlog4j2.configurationFile=" + driverLogConfig());
        configOverrides.forEach((key, value) -> {
            if (!SECRET_KEYS.contains(key)) {
                options.add("-D" + key + "=" + value);
            }
        });
        return String.join(" ", options.stream().map(SparkSubmit::quoteOption).toList());
    }

    /** Spark's launcher splits the driver options at whitespace, honouring double quotes and backslash escapes. */
    static String quoteOption(String option) {
        if (PLAIN_OPTION.matcher(option).matches()) {
            return option;
        }
        return '"' + option.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** How {@code ConfigLoader} reads an override from the environment: '.' as '_', '-' as '__', '_' as '___'. */
    static String environmentOverrideName(String key) {
        return "CONFIG_FORCE_" + key.replace("_", "___").replace("-", "__").replace(".", "_");
    }

    private Path tmpDir() {
        return workDir.resolve("tmp");
    }

    private Path sparkLocalDir() {
        return tmpDir().resolve("spark-local");
    }

    private Path driverLogConfig() {
        return workDir.resolve("spark").resolve("log4j2-driver.properties");
    }

    private void prepareWorkDir() {
        try {
            Files.createDirectories(sparkLocalDir());
            Files.createDirectories(driverLogConfig().getParent());
            try (InputStream config = SparkSubmit.class.getResourceAsStream("log4j2-driver.properties")) {
                Files.copy(requireNonNull(config, "log4j2-driver.properties resource is missing"), driverLogConfig(),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + workDir + " for spark-submit", e);
        }
    }
}
