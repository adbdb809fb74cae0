package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.demo.CheckpointProgress;
import io.mlcycle.cli.spark.SparkJob;
import io.mlcycle.cli.spark.SparkSubmit;
import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.io.ModelVersion;
import io.mlcycle.common.synthetic.LoanApplication;
import io.mlcycle.common.synthetic.LoanApplicationGenerator;
import io.mlcycle.common.synthetic.Regime;
import io.mlcycle.platform.kafka.TextProducers;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The benchmark's {@code score} stage. {@code events} generated loan applications go to a fresh events topic (a unique name
 * per run, {@code mlcycle-benchmark-<run>-events}); the bare loop ({@link BareKafkaLoop}) reads them into a fresh topic of its
 * own; then the real streaming scorer (the streaming jar under spark-submit, as {@code ./mlcycle demo} runs it) reads them from
 * {@code earliest}, with fresh output topics, the benchmark's lake and a checkpoint and model cache under
 * {@code <work-dir>/benchmark/score}, so the user's scorer state is untouched. It runs until every event is committed
 * (predictions plus dead letters in the Delta tables, and the micro-batch committed in the checkpoint), then it is stopped.
 */
final class ScoreBenchmark {
    /** The scorer fails the stage when its committed row count does not grow for this long (start-up included). */
    static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);
    /** The benchmark's topics are left for a look afterwards (and for tests), and Kafka drops them after a day. */
    static final Duration TOPIC_RETENTION = Duration.ofDays(1);
    private static final String QUERY_NAME = "mlcycle-benchmark-scorer";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fresh topics of one run: the scorer's five and the bare loop's output. */
    record Topics(KafkaSettings.Topics scorer, String bareLoop) {
        Topics {
            requireNonNull(scorer, "scorer is null");
            requireNonNull(bareLoop, "bareLoop is null");
        }

        /** {@code mlcycle-benchmark-<run>-<role>} for each topic. */
        static Topics of(String run) {
            String prefix = BenchmarkCommand.MLFLOW_NAME + "-" + run + "-";
            return new Topics(new KafkaSettings.Topics(prefix + "events", prefix + "predictions", prefix + "dead-letter", prefix + "alerts",
                    prefix + "labels"), prefix + "bare-loop");
        }

        List<String> all() {
            return java.util.stream.Stream.concat(scorer.all().stream(), java.util.stream.Stream.of(bareLoop)).toList();
        }
    }

    /** What the stage gives: its row in the stage table, and the score figures when the scorer committed every event. */
    record Outcome(StageResult stage, Optional<ScoreResult> score) {
        Outcome {
            requireNonNull(stage, "stage is null");
            requireNonNull(score, "score is null");
        }
    }

    private final Path venvDir;
    private final SparkSettings spark;
    private final Path benchDir;
    private final Map<String, String> baseOverrides;
    private final Path streamingJar;
    private final Path configFile;
    private final KafkaSettings kafka;
    private final GeneratorSettings generator;
    private final String idColumn;
    private final Path predictionsTable;
    private final Path deadLetterTable;
    private final PrintWriter out;

    /**
     * @param baseOverrides the config overrides the benchmark's jobs get ({@link BenchmarkCommand#overrides}); the scorer's keys go on top
     * @param predictionsTable and {@code deadLetterTable}: the scorer's tables in the benchmark's lake
     */
    ScoreBenchmark(Path venvDir, SparkSettings spark, Path benchDir, Map<String, String> baseOverrides, Path streamingJar, Path configFile, KafkaSettings kafka,
            GeneratorSettings generator, String idColumn, Path predictionsTable, Path deadLetterTable, PrintWriter out) {
        this.venvDir = requireNonNull(venvDir, "venvDir is null");
        this.spark = requireNonNull(spark, "spark is null");
        this.benchDir = requireNonNull(benchDir, "benchDir is null");
        this.baseOverrides = Map.copyOf(baseOverrides);
        this.streamingJar = requireNonNull(streamingJar, "streamingJar is null");
        this.configFile = requireNonNull(configFile, "configFile is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.generator = requireNonNull(generator, "generator is null");
        this.idColumn = requireNonNull(idColumn, "idColumn is null");
        this.predictionsTable = requireNonNull(predictionsTable, "predictionsTable is null");
        this.deadLetterTable = requireNonNull(deadLetterTable, "deadLetterTable is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** Where the scorer's checkpoint and model cache go: emptied with the lake at the start of every benchmark run. */
    static Path scoreDir(Path benchDir) {
        return benchDir.resolve("score");
    }

    /** A run name for the topics: UTC time to the second and four random hex digits, e.g. {@code 20260301-141502-a3f9}. */
    static String runName(Instant now) {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(now)
                + String.format(Locale.ROOT, "-%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /**
     * The scorer's config overrides on top of the jobs': the fresh topics, its own query name, checkpoint and model cache, reading
     * from {@code earliest}, and the registered model to serve. A user override of these keys is replaced.
     */
    static Map<String, String> overrides(Map<String, String> base, Path benchDir, Topics topics, String registeredModel) {
        Map<String, String> overrides = new LinkedHashMap<>(base);
        overrides.put("mlcycle.kafka.topics.events", topics.scorer().events());
        overrides.put("mlcycle.kafka.topics.predictions", topics.scorer().predictions());
        overrides.put("mlcycle.kafka.topics.dead-letter", topics.scorer().deadLetter());
        overrides.put("mlcycle.kafka.topics.alerts", topics.scorer().alerts());
        overrides.put("mlcycle.kafka.topics.labels", topics.scorer().labels());
        overrides.put("mlcycle.scorer.query-name", QUERY_NAME);
        overrides.put("mlcycle.scorer.checkpoint-dir", scoreDir(benchDir).resolve("checkpoint").toString());
        overrides.put("mlcycle.scorer.model-cache-dir", scoreDir(benchDir).resolve("model-cache").toString());
        overrides.put("mlcycle.scorer.starting-offsets", "earliest");
        overrides.put("mlcycle.mlflow.registered-model", registeredModel);
        return overrides;
    }

    /**
     * The model the score stage serves: the benchmark model of the first algorithm whose train stage succeeded in this run;
     * without train stages, the configured model ({@code mlcycle.mlflow.registered-model}); empty when every train stage failed.
     */
    static Optional<String> registeredModel(BenchmarkPlan plan, List<StageResult> results, String configuredModel) {
        if (!plan.trains()) {
            return Optional.of(configuredModel);
        }
        for (BenchmarkStage stage : plan.stages()) {
            boolean succeeded = results.stream().anyMatch(result -> result.stage().equals(stage.name()) && result.succeeded());
            if (stage.trains() && succeeded) {
                return Optional.of(TrainOverlay.registeredModel(stage.algorithm().orElseThrow()));
            }
        }
        return Optional.empty();
    }

    /** Fails with what to do when {@code model} has no version under {@code alias}. */
    static ModelVersion requireChampion(MlflowModelRegistry registry, String model, String alias, boolean trainedInThisRun) {
        return registry.versionByAlias(model, alias).orElseThrow(() -> new CliException(CliError.JOB_FAILED,
                "Cannot benchmark scoring: registered model " + model + " has no '" + alias + "' version, and the scorer serves that alias. "
                        + (trainedInThisRun ? "Its train stage did not promote its model (read its gate in the output above)."
                                : "Train one first (./mlcycle train, or add train to --stages), or point mlcycle.mlflow.registered-model at a"
                                        + " model with a champion.")));
    }

    /** Runs the stage for {@code events} events, scoring with {@code champion}. */
    Outcome run(long events, ModelVersion champion) {
        Topics topics = Topics.of(runName(Instant.now()));
        createTopics(topics);
        produceEvents(topics.scorer().events(), events);
        out.printf(Locale.ROOT, "Bare loop: %,d events from %s into %s ...%n", events, topics.scorer().events(), topics.bareLoop());
        out.flush();
        BareKafkaLoop.Timing bareLoop = BareKafkaLoop.run(kafka.bootstrapServers(), topics.scorer().events(), topics.bareLoop(), events, idColumn);
        out.printf(Locale.ROOT, "  done in %.1f s%n", bareLoop.seconds());
        String model = champion.name() + " version " + champion.version();
        out.println("Scorer: " + model + " over " + topics.scorer().events() + ", until all " + events + " events are committed ...");
        out.flush();
        SparkSubmit submit = new SparkSubmit(venvDir, spark, benchDir, overrides(baseOverrides, benchDir, topics, champion.name()));
        return score(submit, events, model, topics, bareLoop);
    }

    private Outcome score(SparkSubmit submit, long events, String model, Topics topics, BareKafkaLoop.Timing bareLoop) {
        Path checkpoint = scoreDir(benchDir).resolve("checkpoint");
        AtomicReference<Process> process = new AtomicReference<>();
        PeakMemory memory = new PeakMemory();
        FutureTask<Integer> scorer = new FutureTask<>(() -> submit.run(SparkJob.streaming(streamingJar, "score", configFile), out,
                started -> {
                    process.set(started);
                    memory.watch(started);
                }));
        Instant started = Instant.now();
        Thread thread = new Thread(scorer, "benchmark-scorer");
        thread.setDaemon(true);
        thread.start();
        Optional<String> failure = awaitCommitted(scorer, checkpoint, events);
        int exitCode = stop(process.get(), scorer);
        memory.close();
        double seconds = Duration.between(started, Instant.now()).toNanos() / 1e9;
        if (failure.isPresent()) {
            out.println(failure.get());
            StageResult stage = StageResult.of(BenchmarkStage.SCORE, exitCode == 0 ? 1 : exitCode, seconds, events, memory.largestProcessMib(),
                    memory.largestTreeMib(), -1);
            return new Outcome(stage, Optional.empty());
        }
        ScoreResult score = ScoreResult.of(events, model, topics.scorer().events(), started, ScorerBatches.committed(checkpoint),
                memory.largestProcessMib(), topics.bareLoop(), bareLoop);
        return new Outcome(StageResult.of(BenchmarkStage.SCORE, 0, score.scorerSeconds(), events, memory.largestProcessMib(),
                memory.largestTreeMib(), -1), Optional.of(score));
    }

    /** Waits until the scorer committed {@code events} rows and its batch; the reason when it exited or stalled first. */
    private Optional<String> awaitCommitted(FutureTask<Integer> scorer, Path checkpoint, long events) {
        long seen = -1;
        Instant lastProgress = Instant.now();
        while (true) {
            long rows = DeltaRowCount.of(predictionsTable).orElse(0) + DeltaRowCount.of(deadLetterTable).orElse(0);
            if (rows >= events && CheckpointProgress.allCommitted(checkpoint) && !ScorerBatches.committed(checkpoint).isEmpty()) {
                return Optional.empty();
            }
            if (scorer.isDone()) {
                return Optional.of("The scorer exited after committing " + rows + " of " + events + " events; its output is above.");
            }
            if (rows > seen) {
                seen = rows;
                lastProgress = Instant.now();
            } else if (Instant.now().isAfter(lastProgress.plus(STALL_TIMEOUT))) {
                return Optional.of("The scorer committed " + rows + " of " + events + " events and nothing more for " + STALL_TIMEOUT.toMinutes()
                        + " min; stopping it. Its output is above.");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** SIGTERM to spark-submit and its driver, SIGKILL after 30 s; the exit code, 0 when the scorer was still running (stopped by us). */
    private static int stop(Process process, FutureTask<Integer> scorer) {
        boolean ranToTheEnd = scorer.isDone();
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        try {
            int exitCode = scorer.get(30, TimeUnit.SECONDS);
            return ranToTheEnd ? exitCode : 0;
        } catch (TimeoutException e) {
            if (process == null) {
                return 1;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return 0;
        } catch (ExecutionException e) {
            if (!ranToTheEnd) {
                return 0; // stopped by us: reading its output fails once the stream closes ("Stream closed")
            }
            throw new CliException(CliError.PROCESS_FAILED, "Cannot run the scorer: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private void createTopics(Topics topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(topics.all().stream().map(topic -> new NewTopic(topic, kafka.partitions(), (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(TOPIC_RETENTION.toMillis()))))
                    .toList()).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Cannot create the benchmark's topics " + topics.all() + " at "
                    + kafka.bootstrapServers() + " (mlcycle.kafka.bootstrap-servers): " + e.getMessage()
                    + ". Is the broker up? (./mlcycle stack status)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Interrupted while creating the benchmark's topics", e);
        }
    }

    /** Generated applications of the clean regime, after the history in event time, as JSON keyed by id; all acknowledged. */
    private void produceEvents(String topic, long events) {
        long started = System.nanoTime();
        Instant liveStart = generator.startTime().plus(generator.eventInterval().multipliedBy(generator.historyRows()));
        LoanApplicationGenerator applications = new LoanApplicationGenerator(generator.seed() + 1, "bench", generator.entities(), liveStart,
                generator.eventInterval(), generator.missingIncomeShare());
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(TextProducers.properties(kafka.bootstrapServers()))) {
            for (long i = 0; i < events; i++) {
                LoanApplication application = applications.next(Regime.CLEAN);
                producer.send(new ProducerRecord<>(topic, application.applicationId(), json(application.event())), (metadata, exception) -> {
                    if (exception == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, exception);
                    }
                });
            }
            producer.flush();
        }
        if (acknowledged.get() != events) {
            throw new CliException(CliError.SERVICE_REQUEST_FAILED, "Cannot produce the benchmark's events to " + topic + ": " + acknowledged.get()
                    + " of " + events + " were acknowledged" + (failure.get() == null ? "" : " (" + failure.get().getMessage() + ")"), failure.get());
        }
        out.printf(Locale.ROOT, "Produced %,d generated events to %s in %.1f s%n", events, topic, (System.nanoTime() - started) / 1e9);
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event as JSON: " + value, e);
        }
    }
}
