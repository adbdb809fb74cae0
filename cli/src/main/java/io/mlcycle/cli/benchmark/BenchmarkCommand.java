package io.mlcycle.cli.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.CliSettings;
import io.mlcycle.cli.Main;
import io.mlcycle.cli.RepositoryRoot;
import io.mlcycle.cli.spark.SparkJars;
import io.mlcycle.cli.spark.SparkJob;
import io.mlcycle.cli.spark.SparkSubmit;
import io.mlcycle.cli.stack.Stack;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code benchmark}: the data path and training at scale, measured. Generates {@code --rows} synthetic rows into a lake
 * of its own ({@code <work-dir>/benchmark}, emptied first), then runs each stage (by default generate, ingest, silver,
 * features) as a real spark-submit application with the configured master and driver memory, and prints per stage the
 * wall time, rows per second, the driver's peak resident memory, the process tree's and the lake's size. The figures also
 * go to {@code <work-dir>/benchmark/results.json}.
 *
 * <p>With {@code train} in {@code --stages}, the train job runs once per algorithm ({@code --algorithms}, by default every
 * algorithm of the dataset's task), each as its own spark-submit with a {@link TrainOverlay} config that trains only that
 * algorithm at its default parameters; stage {@code train:<algorithm>}, rows per second over the feature table's rows.
 * Those runs go to MLflow experiment and registered model {@value #MLFLOW_NAME}, never the user's. Before any data is
 * generated, the benchmark brings the local stack up when {@code mlcycle.mlflow.tracking-uri} is the stack's server, and
 * otherwise checks that the server answers. Without train only the venv (spark-submit) is needed, not Kafka or MLflow.
 *
 * <p>With {@code score} last in {@code --stages}, {@code --events} generated events go to a fresh topic and are scored by
 * the real streaming scorer ({@link ScoreBenchmark}), with the model of the run's first successful train stage, or without
 * train the champion of {@code mlcycle.mlflow.registered-model}; a bare Kafka loop ({@link BareKafkaLoop}) over the same
 * events is the reference. This needs Kafka and MLflow: the local stack is brought up when either is the stack's.
 */
@Command(name = "benchmark", description = "Measure ingest, silver, features, (with train in --stages) training per algorithm at scale"
        + " (default 3 million rows) and (with score) the streaming scorer next to a bare Kafka loop: wall time, rows/s and peak memory"
        + " per stage, printed and written to <work-dir>/benchmark/results.json.")
public final class BenchmarkCommand implements Callable<Integer> {
    static final List<String> DEFAULT_STAGES = List.of("generate", "ingest", "silver", "features");
    /** The MLflow experiment and registered model of the benchmark's train runs, apart from the user's. */
    static final String MLFLOW_NAME = "mlcycle-benchmark";

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", paramLabel = "<n>", description = "Rows of synthetic history to generate (default: ${DEFAULT-VALUE}).")
    private int rows = 3_000_000;

    @Option(names = "--stages", paramLabel = "<job>", split = ",",
            description = "Jobs to run and measure, a leading part of generate,ingest,silver,features,train, optionally followed by"
                    + " score (or score alone) (default: generate,ingest,silver,features).")
    private List<String> stages = new ArrayList<>(DEFAULT_STAGES);

    @Option(names = "--events", paramLabel = "<n>", description = "With score in --stages: generated events the scorer and the bare"
            + " Kafka loop each process (default: ${DEFAULT-VALUE}).")
    private int events = 300_000;

    @Option(names = "--algorithms", paramLabel = "<algorithm>", split = ",",
            description = "With train in --stages: the algorithms to train, each alone with its default parameters (default: every"
                    + " algorithm of the dataset's task; binary: logistic-regression,decision-tree,random-forest,gbt,linear-svm,naive-bayes).")
    private List<String> algorithms = new ArrayList<>();

    @Override
    public Integer call() {
        if (rows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Cannot benchmark " + rows + " rows: give --rows 1 or more.");
        }
        if (events < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Cannot benchmark scoring " + events + " events: give --events 1 or more.");
        }
        CliSettings settings = Main.settings(spec);
        ConfigReader reader = new ConfigReader(Main.config(spec));
        TaskType task = reader.choice("mlcycle.dataset.task", TaskType.class);
        String featuresTable = reader.nonBlankString("mlcycle.lake.features-table");
        String idColumn = reader.nonBlankString("mlcycle.dataset.id-column");
        String predictionsTable = reader.nonBlankString("mlcycle.lake.predictions-table");
        String deadLetterTable = reader.nonBlankString("mlcycle.lake.dead-letter-table");
        GeneratorSettings generator = GeneratorSettings.read(reader, settings.workDir());
        reader.throwIfInvalid();
        BenchmarkPlan plan;
        try {
            plan = BenchmarkPlan.of(stages, algorithms, task);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Stack stack = Stack.of(settings);
        stack.python().ensure(settings.stack().mlflowVersion(), settings.stack().pysparkVersion(), out);
        if (plan.trains() || plan.scores()) {
            ensureServices(settings, stack, plan.scores(), out);
        }
        MlflowModelRegistry registry = new MlflowModelRegistry(MlflowRestClient.create(settings.mlflow()));
        if (plan.scores() && !plan.trains()) {
            ScoreBenchmark.requireChampion(registry, settings.mlflow().registeredModel(), settings.mlflow().championAlias(), false);
        }
        Path benchDir = settings.workDir().resolve("benchmark").toAbsolutePath().normalize();
        Path lake = benchDir.resolve("lake");
        deleteRecursively(lake);
        deleteRecursively(benchDir.resolve("landing"));
        deleteRecursively(ScoreBenchmark.scoreDir(benchDir));
        Map<String, String> jobOverrides = overrides(SparkSubmit.configOverridesFromSystemProperties(), benchDir, rows);
        SparkSubmit submit = new SparkSubmit(settings.stack().venvDir(), settings.spark(), benchDir, jobOverrides);
        Path jobsJar = SparkJars.jobs(RepositoryRoot.find());
        ScoreBenchmark scoring = plan.scores() ? new ScoreBenchmark(settings.stack().venvDir(), settings.spark(), benchDir, jobOverrides,
                SparkJars.streaming(RepositoryRoot.find()), settings.configFile(), settings.kafka(), generator, idColumn,
                Path.of(lake + "/" + predictionsTable), Path.of(lake + "/" + deadLetterTable), out) : null;
        List<StageResult> finished = new ArrayList<>();
        List<ScoreResult> scores = new ArrayList<>();
        Path featureTable = Path.of(lake + "/" + featuresTable);

        out.printf(Locale.ROOT, "Benchmark: %,d rows through %s (master %s, driver memory %s); lake %s%n", rows,
                String.join(" → ", plan.names()), settings.spark().master(), settings.spark().driverMemory(), lake);
        Map<BenchmarkStage, Path> configs = new LinkedHashMap<>();
        plan.stages().forEach(stage -> configs.put(stage, stage.algorithm()
                .map(algorithm -> TrainOverlay.write(benchDir, settings.configFile(), algorithm)).orElse(settings.configFile())));
        BenchmarkRun.Outcome outcome = BenchmarkRun.run(plan, stage -> {
            StageResult result;
            if (stage.scores()) {
                result = score(plan, finished, registry, settings, scoring, scores, out);
            } else {
                Path config = configs.get(stage);
                long measuredRows = stage.trains() ? DeltaRowCount.of(featureTable).orElse(-1) : rows;
                result = measure(stage, submit, SparkJob.batch(jobsJar, stage.job(), config), measuredRows, lake, out);
            }
            finished.add(result);
            return result;
        }, out);
        out.println(table(outcome.results()));
        scores.forEach(score -> score.lines().forEach(out::println));
        Path resultsFile = benchDir.resolve("results.json");
        write(resultsFile, rows, plan.scores() ? events : 0, settings, outcome.results(), scores.stream().findFirst());
        out.println("Results written to " + resultsFile);
        long plannedAlgorithms = plan.stages().stream().filter(BenchmarkStage::trains).count();
        BenchmarkRun.summary(outcome, (int) plannedAlgorithms).forEach(out::println);
        return outcome.succeeded() ? 0 : 1;
    }

    /**
     * What the jobs get on top of the user's {@code -D} overrides: the benchmark's lake, landing folder and row count, and
     * the benchmark's MLflow experiment (the registered model is per algorithm, see {@link TrainOverlay}). A user override of the algorithm list is dropped, since
     * each train stage trains the one algorithm of its {@link TrainOverlay}.
     */
    static Map<String, String> overrides(Map<String, String> userOverrides, Path benchDir, int rows) {
        Map<String, String> overrides = new LinkedHashMap<>(userOverrides);
        overrides.keySet().removeIf(key -> key.equals("mlcycle.train.algorithms") || key.startsWith("mlcycle.train.algorithms."));
        overrides.put("mlcycle.lake.root", benchDir.resolve("lake").toString());
        overrides.put("mlcycle.generator.output-dir", benchDir.resolve("landing").toString());
        overrides.put("mlcycle.generator.history-rows", String.valueOf(rows));
        overrides.put("mlcycle.generator.entities", String.valueOf(Math.max(1000, rows / 5)));
        overrides.put("mlcycle.mlflow.experiment", MLFLOW_NAME);
        // each train stage registers under its own model name (its overlay): one algorithm's gate never scores another's champion
        overrides.remove("mlcycle.mlflow.registered-model");
        return overrides;
    }

    /** The score stage: the model of the run's first successful train stage (or the configured one), scored with its champion. */
    private StageResult score(BenchmarkPlan plan, List<StageResult> finished, MlflowModelRegistry registry, CliSettings settings,
            ScoreBenchmark scoring, List<ScoreResult> scores, PrintWriter out) {
        Optional<String> model = ScoreBenchmark.registeredModel(plan, finished, settings.mlflow().registeredModel());
        if (model.isEmpty()) {
            out.println("Cannot benchmark scoring: every train stage of this run failed, so it registered no model to score with.");
            return StageResult.of(BenchmarkStage.SCORE, 1, 0, events, -1, -1, -1);
        }
        ModelVersion champion;
        try {
            champion = ScoreBenchmark.requireChampion(registry, model.get(), settings.mlflow().championAlias(), plan.trains());
        } catch (CliException e) {
            out.println(e.getMessage());
            return StageResult.of(BenchmarkStage.SCORE, 1, 0, events, -1, -1, -1);
        }
        ScoreBenchmark.Outcome outcome = scoring.run(events, champion);
        outcome.score().ifPresent(scores::add);
        return outcome.stage();
    }

    private static void ensureServices(CliSettings settings, Stack stack, boolean scores, PrintWriter out) {
        boolean localMlflow = TrackingServer.isLocalStack(settings.mlflow().trackingUri(), settings.stack().mlflowPort());
        boolean localKafka = scores && settings.kafka().bootstrapServers().equals("127.0.0.1:" + settings.stack().kafkaPort());
        if (localMlflow || localKafka) {
            out.println("The benchmark's train or score stages use the local stack's " + (localMlflow ? "MLflow server" : "Kafka broker")
                    + "; making sure the stack is up.");
            stack.up(out);
        }
        if (localMlflow) {
            return;
        }
        out.println("The train or score stages use MLflow at " + settings.mlflow().trackingUri() + "; checking that it answers.");
        out.flush();
        TrackingServer.requireReachable(MlflowRestClient.create(settings.mlflow()));
    }

    private static StageResult measure(BenchmarkStage stage, SparkSubmit submit, SparkJob job, long measuredRows, Path lake, PrintWriter out) {
        long start = System.nanoTime();
        try (PeakMemory memory = new PeakMemory()) {
            int exitCode = submit.run(job, out, memory::watch);
            double seconds = (System.nanoTime() - start) / 1e9;
            memory.close();
            return StageResult.of(stage.name(), exitCode, seconds, measuredRows, memory.largestProcessMib(), memory.largestTreeMib(),
                    sizeMib(lake));
        }
    }

    static String table(List<StageResult> results) {
        int width = Math.max("stage".length(), results.stream().mapToInt(r -> r.stage().length()).max().orElse(0));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s %6s %10s %10s %12s %14s %13s %10s%n", "stage",
                "exit", "seconds", "rows", "rows/s", "driver peak", "tree peak", "lake"));
        for (StageResult r : results) {
            table.append(String.format(Locale.ROOT, "%-" + width + "s %6d %10.1f %10d %12.0f %10d MiB %9d MiB %6d MiB%n", r.stage(),
                    r.exitCode(), r.seconds(), r.rows(), r.rowsPerSecond(), r.driverPeakMib(), r.treePeakMib(), r.lakeMib()));
        }
        return table.toString();
    }

    private static void write(Path file, int rows, int events, CliSettings settings, List<StageResult> results, Optional<ScoreResult> score) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("finished_at", Instant.now().toString());
        document.put("rows", rows);
        if (events > 0) {
            document.put("events", events);
        }
        document.put("master", settings.spark().master());
        document.put("driver_memory", settings.spark().driverMemory());
        document.put("cores", Runtime.getRuntime().availableProcessors());
        document.put("stages", results);
        score.ifPresent(value -> document.put("score", value));
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
