package io.mlcycle.cli.stack;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.process.Executables;
import io.mlcycle.cli.process.ForegroundProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The project's Python venv: Python 3.10 or newer, with {@code mlflow} (the tracking server) and {@code pyspark}
 * (its {@code bin/spark-submit} runs the jobs) installed at exactly the configured versions. Packages are installed
 * only when missing or at another version, so a warm venv costs one short Python start.
 */
public final class PythonEnvironment {
    private static final String INSTALLED_VERSIONS_SCRIPT = String.join("\n",
            "import importlib.metadata as metadata",
            "for name in ('mlflow', 'pyspark'):",
            "    try:",
            "        print(name, metadata.version(name))",
            "    except metadata.PackageNotFoundError:",
            "        print(name, '-')");
    private static final int TAIL_LINES = 15;

    private final Path venvDir;
    private final String basePython;
    private final Path logFile;

    /**
     * @param venvDir the venv folder (created when it does not exist)
     * @param basePython the interpreter that creates the venv: a name on the PATH or a path
     * @param logFile where the output of venv creation and pip goes
     */
    public PythonEnvironment(Path venvDir, String basePython, Path logFile) {
        this.venvDir = requireNonNull(venvDir, "venvDir is null").toAbsolutePath().normalize();
        this.basePython = requireNonNull(basePython, "basePython is null");
        this.logFile = requireNonNull(logFile, "logFile is null");
    }

    public Path venvDir() {
        return venvDir;
    }

    /** A program installed in the venv's {@code bin} folder, e.g. {@code mlflow} or {@code spark-submit}. */
    public Path executable(String name) {
        return venvDir.resolve("bin").resolve(name);
    }

    public Path python() {
        return executable("python");
    }

    /** Creates the venv if it does not exist, then installs the two packages unless they are there at these versions. */
    public void ensure(String mlflowVersion, String pysparkVersion, PrintWriter out) {
        if (Files.isExecutable(python())) {
            PythonVersion version = requireSupported(python().toString(), "the venv's Python (" + python() + ")");
            out.println("      venv exists, Python " + version);
        } else {
            createVenv(out);
        }
        Map<String, String> installed = installedVersions();
        if (mlflowVersion.equals(installed.get("mlflow")) && pysparkVersion.equals(installed.get("pyspark"))) {
            out.println("      mlflow " + mlflowVersion + " and pyspark " + pysparkVersion + " already installed");
            return;
        }
        install(List.of("mlflow==" + mlflowVersion, "pyspark==" + pysparkVersion), out);
    }

    private void createVenv(PrintWriter out) {
        if (Executables.find(basePython).isEmpty()) {
            throw new CliException(CliError.MISSING_TOOL, "Cannot find Python '" + basePython + "' (mlcycle.stack.python). "
                    + "mlcycle needs Python " + PythonVersion.MINIMUM.major() + "." + PythonVersion.MINIMUM.minor()
                    + " or newer for the MLflow server and spark-submit. Install it (Debian/Ubuntu: sudo apt-get install"
                    + " python3 python3-venv; macOS: brew install python@3.12) or set mlcycle.stack.python to its path.");
        }
        PythonVersion version = requireSupported(basePython, "Python '" + basePython + "' (mlcycle.stack.python)");
        out.println("      creating venv with Python " + version + " (" + basePython + ")");
        boolean existed = Files.exists(venvDir);
        Deque<String> tail = new ArrayDeque<>();
        int exitCode = runLogged(List.of(basePython, "-m", "venv", venvDir.toString()), line -> keepTail(tail, line));
        if (exitCode != 0 || !Files.isExecutable(python())) {
            if (!existed) {
                deleteRecursively(venvDir);
            }
            throw new CliException(CliError.PYTHON_SETUP_FAILED, "Cannot create the Python venv " + venvDir + " with "
                    + basePython + " (exit code " + exitCode + "). Its last output:\n" + String.join("\n", tail)
                    + "\nOn Debian/Ubuntu the venv module is a separate package: sudo apt-get install python3-venv."
                    + " Full output: " + logFile);
        }
    }

    private void install(List<String> requirements, PrintWriter out) {
        out.println("      installing " + String.join(" ", requirements) + " (first time takes a few minutes; log: " + logFile + ")");
        long started = System.nanoTime();
        Deque<String> tail = new ArrayDeque<>();
        List<String> command = Stream.concat(
                Stream.of(python().toString(), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off"),
                requirements.stream()).toList();
        int exitCode = runLogged(command, line -> {
            keepTail(tail, line);
            if (isProgressLine(line)) {
                out.println("        " + abbreviate(line.strip(), 110));
            }
        });
        if (exitCode != 0) {
            throw new CliException(CliError.PYTHON_SETUP_FAILED, "Cannot install " + String.join(" ", requirements) + " into "
                    + venvDir + " (pip exit code " + exitCode + "). Its last output:\n" + String.join("\n", tail)
                    + "\npip needs to reach PyPI (check the network or set PIP_INDEX_URL / HTTPS_PROXY), then run"
                    + " ./mlcycle stack up again. Full output: " + logFile);
        }
        out.printf("      installed in %d s%n", (System.nanoTime() - started) / 1_000_000_000L);
    }

    private Map<String, String> installedVersions() {
        Map<String, String> versions = new HashMap<>();
        StringBuilder output = new StringBuilder();
        int exitCode = ForegroundProcess.run(new ProcessBuilder(python().toString(), "-c", INSTALLED_VERSIONS_SCRIPT), line -> {
            output.append(line).append('\n');
            String[] nameAndVersion = line.strip().split(" ");
            if (nameAndVersion.length == 2) {
                versions.put(nameAndVersion[0], nameAndVersion[1]);
            }
        });
        if (exitCode != 0) {
            throw new CliException(CliError.PYTHON_SETUP_FAILED, "Cannot list the packages of the venv " + venvDir + " (exit code "
                    + exitCode + "): " + output.toString().strip() + "\nDelete the venv folder and run ./mlcycle stack up again.");
        }
        return versions;
    }

    /** The version of {@code program} (a python); fails when it is older than {@link PythonVersion#MINIMUM}. */
    private static PythonVersion requireSupported(String program, String description) {
        StringBuilder output = new StringBuilder();
        int exitCode = ForegroundProcess.run(new ProcessBuilder(program, "--version"), line -> output.append(line).append('\n'));
        PythonVersion version = PythonVersion.parse(output.toString()).orElseThrow(() -> new CliException(CliError.MISSING_TOOL,
                "Cannot read the version of " + description + ": '" + program + " --version' printed '"
                        + output.toString().strip() + "' (exit code " + exitCode + "). Set mlcycle.stack.python to a Python 3.10+ interpreter."));
        if (!version.isSupported()) {
            throw new CliException(CliError.MISSING_TOOL, "Cannot use " + description + ": it is Python " + version
                    + ", and MLflow 3 needs Python " + PythonVersion.MINIMUM.major() + "." + PythonVersion.MINIMUM.minor()
                    + " or newer. Install a newer Python and set mlcycle.stack.python to it (then delete an old venv folder).");
        }
        return version;
    }

    private int runLogged(List<String> command, Consumer<String> lines) {
        try {
            Files.createDirectories(logFile.getParent());
            try (Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                log.write("$ " + String.join(" ", command) + System.lineSeparator());
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().put("PIP_NO_INPUT", "1");
                return ForegroundProcess.run(builder, line -> {
                    writeLine(log, line);
                    lines.accept(line);
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + logFile, e);
        }
    }

    private static void writeLine(Writer log, String line) {
        try {
            log.write(line + System.lineSeparator());
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isProgressLine(String line) {
        return line.startsWith("Collecting ") || line.startsWith("Installing collected packages")
                || line.startsWith("Successfully installed") || line.startsWith("ERROR");
    }

    private static void keepTail(Deque<String> tail, String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    private static String abbreviate(String line, int maxLength) {
        return line.length() <= maxLength ? line : line.substring(0, maxLength - 3) + "...";
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A half-made venv left behind is reported by the next run's version check.
        }
    }
}
