package io.mlcycle.cli.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlcycle.cli.CliSettings;
import io.mlcycle.cli.Main;
import io.mlcycle.cli.RepositoryRoot;
import io.mlcycle.cli.spark.SparkJars;
import io.mlcycle.cli.spark.SparkJob;
import io.mlcycle.cli.spark.SparkSubmit;
import io.mlcycle.cli.stack.Stack;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark}: the data path at scale, measured. Generates {@code --rows} synthetic rows into a lake of its own
 * ({@code <work-dir>/benchmark}, emptied first), then runs each stage (by default generate, ingest, silver, features)
 * as a real spark-submit application with the configured master and driver memory, and prints per stage the wall
 * time, rows per second, the driver's peak resident memory, the process tree's and the lake's size. The figures also
 * go to {@code <work-dir>/benchmark/results.json}. Only the venv (spark-submit) is needed, not Kafka or MLflow.
 */
@Command(name = "benchmark", description = "Measure ingest, silver and features at scale (default 3 million rows):"
        + " wall time, rows/s and peak memory per stage, printed and written to <work-dir>/benchmark/results.json.")
public final class BenchmarkCommand implements Callable<Integer> {
    static final List<String> DEFAULT_STAGES = List.of("generate", "ingest", "silver", "features");

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", paramLabel = "<n>", description = "Rows of synthetic history to generate (default: ${DEFAULT-VALUE}).")
    private int rows = 3_000_000;

    @Option(names = "--stages", paramLabel = "<job>", split = ",",
            description = "Jobs to run and measure, in order (default: generate,ingest,silver,features).")
    private List<String> stages = new ArrayList<>(DEFAULT_STAGES);

    /** One measured stage. */
    record StageResult(String stage, int exitCode, double seconds, long rows, double rowsPerSecond, long driverPeakMib, long treePeakMib,
            long lakeMib) {}

    @Override
    public Integer call() {
        if (rows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Cannot benchmark " + rows + " rows: give --rows 1 or more.");
        }
        CliSettings settings = Main.settings(spec);
        PrintWriter out = spec.commandLine().getOut();
        Stack stack = Stack.of(settings);
        stack.python().ensure(settings.stack().mlflowVersion(), settings.stack().pysparkVersion(), out);
        Path benchDir = settings.workDir().resolve("benchmark").toAbsolutePath().normalize();
        Path lake = benchDir.resolve("lake");
        deleteRecursively(lake);
        deleteRecursively(benchDir.resolve("landing"));

        Map<String, String> overrides = new LinkedHashMap<>(SparkSubmit.configOverridesFromSystemProperties());
        overrides.put("mlcycle.lake.root", lake.toString());
        overrides.put("mlcycle.generator.output-dir", benchDir.resolve("landing").toString());
        overrides.put("mlcycle.generator.history-rows", String.valueOf(rows));
        overrides.put("mlcycle.generator.entities", String.valueOf(Math.max(1000, rows / 5)));
        SparkSubmit submit = new SparkSubmit(settings.stack().venvDir(), settings.spark(), benchDir, overrides);
        Path jobsJar = SparkJars.jobs(RepositoryRoot.find());

        out.printf(Locale.ROOT, "Benchmark: %,d rows through %s (master %s, driver memory %s); lake %s%n", rows, String.join(" → ", stages),
                settings.spark().master(), settings.spark().driverMemory(), lake);
        List<StageResult> results = new ArrayList<>();
        for (String stage : stages) {
            out.printf("== %s ==%n", stage);
            out.flush();
            long start = System.nanoTime();
            int exitCode;
            try (PeakMemory memory = new PeakMemory()) {
                exitCode = submit.run(SparkJob.batch(jobsJar, stage, settings.configFile()), out, memory::watch);
                double seconds = (System.nanoTime() - start) / 1e9;
                memory.close();
                results.add(new StageResult(stage, exitCode, seconds, rows, rows / seconds, memory.largestProcessMib(), memory.largestTreeMib(),
                        sizeMib(lake)));
            }
            if (exitCode != 0) {
                out.printf("Stage %s failed (exit code %d); stopping. Its output is above.%n", stage, exitCode);
                break;
            }
        }
        out.println(table(results));
        Path resultsFile = benchDir.resolve("results.json");
        write(resultsFile, rows, settings, results);
        out.println("Results written to " + resultsFile);
        return results.stream().allMatch(r -> r.exitCode() == 0) && results.size() == stages.size() ? 0 : 1;
    }

    static String table(List<StageResult> results) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-10s %6s %10s %12s %14s %13s %10s%n", "stage", "exit", "seconds",
                "rows/s", "driver peak", "tree peak", "lake"));
        for (StageResult r : results) {
            table.append(String.format(Locale.ROOT, "%-10s %6d %10.1f %12.0f %11d MiB %9d MiB %6d MiB%n", r.stage(), r.exitCode(), r.seconds(),
                    r.rowsPerSecond(), r.driverPeakMib(), r.treePeakMib(), r.lakeMib()));
        }
        return table.toString();
    }

    private static void write(Path file, int rows, CliSettings settings, List<StageResult> results) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("finished_at", Instant.now().toString());
        document.put("rows", rows);
        document.put("master", settings.spark().master());
        document.put("driver_memory", settings.spark().driverMemory());
        document.put("cores", Runtime.getRuntime().availableProcessors());
        document.put("stages", results);
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the benchmark results to " + file, e);
        }
    }

    private static long sizeMib(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    return 0;
                }
            }).sum() / (1024 * 1024);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty " + directory + " before the benchmark", e);
        }
    }
}
