package io.mlcycle.cli;

import io.mlcycle.cli.demo.CheckpointProgress;
import io.mlcycle.cli.demo.DemoPlan;
import io.mlcycle.cli.demo.DemoReset;
import io.mlcycle.cli.demo.DemoTask;
import io.mlcycle.cli.demo.LiveEventProducer;
import io.mlcycle.cli.demo.TopicWatcher;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.cli.spark.SparkJars;
import io.mlcycle.cli.spark.SparkJob;
import io.mlcycle.cli.spark.SparkSubmit;
import io.mlcycle.cli.stack.Stack;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.Regime;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the whole cycle on the built-in synthetic data, for one of its tasks ({@code --task binary|multiclass|regression},
 * see {@link DemoTask}), printing progress stage by stage. Brings the
 * stack up, resets the demo's tables, checkpoints and topics, runs generate, ingest, features and train through
 * spark-submit, starts the streaming scorer, produces a clean then a drifted live period, waits for a drift
 * alert, retrains and promotes, produces more drifted events (served by the new champion without a scorer
 * restart), stops the scorer and prints the summary. The stack stays up for the MLflow UI.
 */
@Command(name = "demo", description = "Run the whole cycle on built-in data: ingest, features, train, register, score live events,"
        + " detect drift, retrain and promote. Leaves the MLflow UI running (stop it with: ./mlcycle stack down).")
public final class DemoCommand implements Callable<Integer> {
    private static final int STAGES = 10;

    @Spec
    private CommandSpec spec;

    @Option(names = "--task", paramLabel = "<task>", defaultValue = "binary", converter = DemoTask.Converter.class,
            description = "The built-in data's task: binary (will the loan default; the default), multiclass (its risk grade A/B/C) or"
                    + " regression (its interest rate). multiclass and regression layer conf/tasks/layers/<task>.conf over --config:"
                    + " their own label, lake root, checkpoint, topics and registered model.")
    private DemoTask task = DemoTask.BINARY;

    private PrintWriter out;
    private final Instant started = Instant.now();

    @Override
    public Integer call() {
        CliSettings base = Main.settings(spec);
        Path configFile = task.configFile(base.configFile(), base.workDir(), RepositoryRoot.find());
        CliSettings settings = task == DemoTask.BINARY ? base : CliSettings.load(configFile);
        DemoPlan plan = DemoPlan.read(ConfigLoader.load(settings.configFile()));
        out = spec.commandLine().getOut();
        out.println("Demo of the " + task.optionValue() + " task: label " + plan.dataset().labelColumn() + ", silver table " + plan.lake().silverTable()
                + ", registered model " + settings.mlflow().registeredModel() + ", config " + settings.configFile());
        Stack stack = Stack.of(settings);
        stack.up(out);
        DemoReset.reset(plan, settings.kafka(), stack, out);
        SparkSubmit submit = SparkSubmit.of(settings);
        // Copies: a rebuild while the demo runs (an IDE, mvn verify) must not rewrite the jars under running jobs.
        Path jobsJar = snapshot(SparkJars.jobs(RepositoryRoot.find()), plan.workDir());
        Path streamingJar = snapshot(SparkJars.streaming(RepositoryRoot.find()), plan.workDir());

        stage(1, "Data: seeded synthetic loan applications as CSV files");
        runJob(submit, SparkJob.batch(jobsJar, "generate", settings.configFile()));
        stage(2, "Ingest: every source of the dataset (here CSV files) into its bronze Delta table, new files only");
        runJob(submit, SparkJob.batch(jobsJar, "ingest", settings.configFile()));
        stage(3, "Validate and clean: bronze to silver (casts, rules, corrections, one row per id); rejected rows to quarantine");
        runJob(submit, SparkJob.batch(jobsJar, "silver", settings.configFile()));
        stage(4, "Features: the feature table with its train/test split and data profile, and the fitted preprocessing stages");
        runJob(submit, SparkJob.batch(jobsJar, "features", settings.configFile()));
        stage(5, "Train, evaluate and register: every algorithm's grid tuned (each candidate an MLflow child run), the winner evaluated"
                + " on the test split and gated; it becomes 'champion' when the gate passes");
        runJob(submit, SparkJob.batch(jobsJar, "train", settings.configFile()));

        MlflowModelRegistry registry = new MlflowModelRegistry(MlflowRestClient.create(settings.mlflow()));
        String modelName = settings.mlflow().registeredModel();
        ModelVersion first = registry.versionByAlias(modelName, settings.mlflow().championAlias()).orElseThrow(() -> new CliException(
                CliError.JOB_FAILED, "Cannot go on with the demo: the train job left no '" + settings.mlflow().championAlias() + "' alias on "
                        + modelName + ". Read the train job's output above."));

        stage(6, "Score: start the Kafka Structured Streaming scorer (champion version " + first.version() + ")");
        ManagedProcess scorer = submit.start(SparkJob.streaming(streamingJar, "score", settings.configFile()));
        out.println("  scorer pid " + scorer.pid() + ", log: " + scorer.logFile());
        try {
            live(plan, settings, registry, first, scorer, submit, jobsJar);
        } finally {
            out.println("  stopping the scorer ...");
            scorer.stop(Duration.ofSeconds(30));
        }
        stage(10, "Summary");
        runJob(submit, SparkJob.batch(jobsJar, "summary", settings.configFile()));
        out.printf("Demo finished in %ds. The MLflow UI stays up at %s ; stop everything with: ./mlcycle stack down%n",
                Duration.between(started, Instant.now()).toSeconds(), stack.mlflowUri());
        return 0;
    }

    private void live(DemoPlan plan, CliSettings settings, MlflowModelRegistry registry, ModelVersion first, ManagedProcess scorer,
            SparkSubmit submit, Path jobsJar) {
        int perWindow = plan.demo().eventsPerWindow();
        Duration interval = plan.monitor().window().dividedBy(perWindow);
        Instant liveStart = LiveEventProducer.liveStart(plan.generator().startTime(), plan.generator().eventInterval(),
                plan.generator().historyRows(), plan.monitor().window());
        LoanApplicationGenerator generator = new LoanApplicationGenerator(plan.demo().seed(), "live", plan.generator().entities(), liveStart,
                interval, plan.generator().missingIncomeShare());
        Set<String> scored = new HashSet<>();
        AtomicReference<String> alert = new AtomicReference<>();
        String bootstrap = settings.kafka().bootstrapServers();
        try (LiveEventProducer producer = new LiveEventProducer(settings.kafka(), generator, plan.dataset().idColumn(),
                        plan.dataset().labelColumn(), plan.demo().eventsPerSecond());
                TopicWatcher predictions = new TopicWatcher(bootstrap, settings.kafka().topics().predictions(),
                        json -> scored.add(json.path(plan.dataset().idColumn()).asText()));
                TopicWatcher alerts = new TopicWatcher(bootstrap, settings.kafka().topics().alerts(), json -> {
                    if (first.version().equals(json.path("model_version").asText()) && alert.get() == null) {
                        alert.set(json.path("feature").asText() + " PSI " + String.format("%.2f", json.path("value").asDouble())
                                + " in window " + json.path("window_start").asText());
                    }
                })) {
            stage(7, "Monitor: a clean period (" + plan.demo().cleanWindows() + " windows of " + perWindow + " events, plus "
                    + plan.demo().malformedEvents() + " malformed ones for the dead-letter topic), then a drifted period ("
                    + plan.demo().driftedWindows() + " windows)");
            producer.produce(Regime.CLEAN, plan.demo().cleanWindows() * perWindow);
            producer.produceMalformed(plan.demo().malformedEvents());
            producer.produce(Regime.DRIFTED, plan.demo().driftedWindows() * perWindow);
            out.println("  produced " + producer.produced() + " events and their labels; waiting for a drift alert ...");
            requireAlive(scorer);
            if (!alerts.await(() -> alert.get() != null, plan.demo().waitTimeout(), () -> requireAlive(scorer))) {
                throw new CliException(CliError.JOB_FAILED, "Cannot complete the demo: no drift alert within " + plan.demo().waitTimeout()
                        + " (mlcycle.demo.wait-timeout). Read the scorer's log: " + scorer.logFile());
            }
            out.println("  drift alert: " + alert.get());

            stage(8, "Retrain on the drifted period's labeled events (" + plan.dataset().labelColumn() + "); promote the challenger if it beats"
                    + " the champion on the held-out ones by the task's selection metric");
            predictions.await(() -> scored.size() >= producer.produced(), plan.demo().waitTimeout(), () -> requireAlive(scorer));
            runJob(submit, SparkJob.batch(jobsJar, "retrain", settings.configFile()));
            ModelVersion champion = registry.versionByAlias(settings.mlflow().registeredModel(), settings.mlflow().championAlias()).orElseThrow();
            out.println("  champion is now version " + champion.version() + (champion.version().equals(first.version()) ? " (unchanged)" : ""));

            stage(9, "Serve: " + plan.demo().afterRetrainWindows() + " more drifted windows, scored by the champion without a scorer restart");
            producer.produce(Regime.DRIFTED, plan.demo().afterRetrainWindows() * perWindow);
            long expected = producer.produced();
            if (!predictions.await(() -> scored.size() >= expected, plan.demo().waitTimeout(), () -> requireAlive(scorer))) {
                throw new CliException(CliError.JOB_FAILED, "Cannot complete the demo: the scorer scored " + scored.size() + " of " + expected
                        + " events within " + plan.demo().waitTimeout() + ". Read its log: " + scorer.logFile());
            }
            out.println("  all " + expected + " valid events scored; waiting for the scorer to finish its micro-batch (drift monitoring) ...");
            awaitIdle(plan, scorer);
        }
    }

    private static Path snapshot(Path jar, Path workDir) {
        try {
            Path copy = workDir.resolve("jars").resolve(jar.getFileName());
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new CliException(CliError.MISSING_BUILD_OUTPUT, "Cannot copy " + jar + " into " + workDir.resolve("jars") + ": " + e.getMessage(), e);
        }
    }

    private void awaitIdle(DemoPlan plan, ManagedProcess scorer) {
        Path checkpoint = Path.of(plan.scorer().checkpointDir());
        Instant deadline = Instant.now().plus(plan.demo().waitTimeout());
        while (!CheckpointProgress.allCommitted(checkpoint)) {
            requireAlive(scorer);
            if (Instant.now().isAfter(deadline)) {
                throw new CliException(CliError.JOB_FAILED, "Cannot complete the demo: the scorer did not commit its micro-batch within "
                        + plan.demo().waitTimeout() + ". Read its log: " + scorer.logFile());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    private void requireAlive(ManagedProcess scorer) {
        if (!scorer.isAlive()) {
            throw new CliException(CliError.JOB_FAILED, "Cannot complete the demo: the scorer stopped (exit code "
                    + scorer.exitCode().orElse(-1) + "). Read its log: " + scorer.logFile());
        }
    }

    private void runJob(SparkSubmit submit, SparkJob job) {
        int exitCode = submit.run(job, out);
        if (exitCode != 0) {
            throw new CliException(CliError.JOB_FAILED, "Cannot complete the demo: the " + job.name() + " job failed with exit code "
                    + exitCode + ". Its output is above.");
        }
    }

    private void stage(int number, String title) {
        out.printf("%n[%d/%d +%ds] %s%n", number, STAGES, Duration.between(started, Instant.now()).toSeconds(), title);
        out.flush();
    }
}
