package io.mlcycle.cli.stack;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliSettings;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.cli.process.Ports;
import io.mlcycle.cli.process.RunFolder;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.StackSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local stack of real services: the project's Python venv, a Kafka broker with mlcycle's topics, an MLflow
 * server and (when {@code mlcycle.stack.postgres.enabled}) a PostgreSQL server, all on 127.0.0.1 with their state under the work dir. {@link #up} is idempotent (it starts what is not
 * running and waits until everything answers); {@link #down} stops every process in the {@link RunFolder}.
 */
public final class Stack {
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

    private final StackSettings stack;
    private final KafkaSettings kafka;
    private final MlflowSettings mlflow;
    private final RunFolder runFolder;
    private final PythonEnvironment python;
    private final KafkaBroker broker;
    private final MlflowServer mlflowServer;
    private final Postgres postgres;

    public Stack(StackSettings stack, KafkaSettings kafka, MlflowSettings mlflow) {
        this.stack = requireNonNull(stack, "stack is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.mlflow = requireNonNull(mlflow, "mlflow is null");
        this.runFolder = RunFolder.of(stack.workDir());
        this.python = new PythonEnvironment(stack.venvDir(), stack.python(), stack.workDir().resolve("logs").resolve("pip-install.log"));
        this.broker = new KafkaBroker(stack, runFolder);
        this.mlflowServer = new MlflowServer(stack, python, runFolder);
        this.postgres = new Postgres(stack, runFolder);
    }

    public static Stack of(CliSettings settings) {
        return new Stack(settings.stack(), settings.kafka(), settings.mlflow());
    }

    /** The folder that holds all of the stack's state. */
    public Path workDir() {
        return stack.workDir();
    }

    public RunFolder runFolder() {
        return runFolder;
    }

    public PythonEnvironment python() {
        return python;
    }

    /** The local broker's address, {@code 127.0.0.1:<mlcycle.stack.kafka.port>}. */
    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The local MLflow server, {@code http://127.0.0.1:<mlcycle.stack.mlflow.port>}. */
    public URI mlflowUri() {
        return mlflowServer.uri();
    }

    /** The local PostgreSQL's database, {@code jdbc:postgresql://127.0.0.1:<port>/<database>} (mlcycle.stack.postgres). */
    public String postgresJdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** Starts whatever is not running and waits until every service answers; prints one line per step. */
    public void up(PrintWriter out) {
        out.println("Starting the local stack in " + stack.workDir());
        out.println("[1/5] Python venv " + python.venvDir());
        out.flush();
        python.ensure(stack.mlflowVersion(), stack.pysparkVersion(), out);
        out.print("[2/5] Kafka broker on " + kafkaBootstrapServers() + ": ");
        out.flush();
        broker.start(out);
        out.print("[3/5] Kafka topics: ");
        out.flush();
        broker.ensureTopics(kafka, out);
        out.print("[4/5] MLflow server on " + mlflowUri() + ": ");
        out.flush();
        mlflowServer.start(out);
        out.print("[5/5] PostgreSQL on 127.0.0.1:" + stack.postgres().port() + ": ");
        out.flush();
        if (stack.postgres().enabled()) {
            postgres.start(out);
        } else {
            out.println("disabled (mlcycle.stack.postgres.enabled = false)");
        }
        warnAboutOtherEndpoints(out);
        out.println("The stack is up. Logs and pid files: " + runFolder.directory() + ". Stop it with: ./mlcycle stack down");
        out.flush();
    }

    /** Stops every process in the run folder: other processes first, then MLflow, then Kafka. Idempotent. */
    public void down(PrintWriter out) {
        List<String> stopped = new ArrayList<>();
        for (String name : stopOrder(runFolder.names())) {
            Optional<ManagedProcess> process = runFolder.find(name);
            if (process.isEmpty()) {
                continue;
            }
            out.print("Stopping " + process.get() + "... ");
            out.flush();
            long started = System.nanoTime();
            ManagedProcess.StopOutcome outcome = name.equals(Postgres.NAME)
                    ? postgres.stop(process.get(), stack.stopTimeout())
                    : process.get().stop(stack.stopTimeout());
            out.println(describe(outcome) + " after " + Polling.seconds(Duration.ofNanos(System.nanoTime() - started)));
            stopped.add(name);
        }
        if (stopped.isEmpty()) {
            out.println("Nothing to stop: no process started by mlcycle is running (run folder " + runFolder.directory() + ").");
        }
        out.flush();
    }

    /** Prints each service, its address, pid and whether it answers; returns true when every enabled service answers. */
    public boolean status(PrintWriter out) {
        out.printf("%-8s %-42s %-8s %s%n", "SERVICE", "ADDRESS", "PID", "STATE");
        boolean kafkaUp = printService(out, KafkaBroker.NAME, kafkaBootstrapServers(), broker.process(), broker.answers(STATUS_TIMEOUT),
                stack.kafkaPort());
        boolean mlflowUp = printService(out, MlflowServer.NAME, mlflowUri().toString(), mlflowServer.process(),
                mlflowServer.answers(STATUS_TIMEOUT), stack.mlflowPort());
        boolean postgresUp = !stack.postgres().enabled() && postgres.process().isEmpty()
                || printService(out, Postgres.NAME, postgresJdbcUrl(), postgres.process(), postgres.answers(STATUS_TIMEOUT),
                        stack.postgres().port());
        for (String name : runFolder.names()) {
            if (!isService(name)) {
                Optional<ManagedProcess> process = runFolder.find(name);
                out.printf("%-8s %-42s %-8s %s%n", name, "-", process.map(p -> String.valueOf(p.pid())).orElse("-"),
                        process.isPresent() ? "running (log: " + runFolder.logFile(name) + ")" : "not running");
            }
        }
        out.flush();
        return kafkaUp && mlflowUp && postgresUp;
    }

    private boolean printService(PrintWriter out, String name, String address, Optional<ManagedProcess> process, boolean answers, int port) {
        String state;
        if (process.isPresent()) {
            state = answers ? "up (answers)" : "running, but does not answer (log: " + runFolder.logFile(name) + ")";
        } else if (answers) {
            state = "answers, but was not started by mlcycle (no pid file in " + runFolder.directory() + ")";
        } else {
            state = Ports.isFree(port) ? "down" : "down (port " + port + " is taken by another process)";
        }
        out.printf("%-8s %-42s %-8s %s%n", name, address, process.map(p -> String.valueOf(p.pid())).orElse("-"), state);
        return process.isPresent() && answers;
    }

    /** Non-service processes (they use the services) first, then PostgreSQL, then MLflow, then Kafka. */
    static List<String> stopOrder(List<String> names) {
        List<String> order = new ArrayList<>(names.stream().filter(name -> !isService(name)).sorted().toList());
        if (names.contains(Postgres.NAME)) {
            order.add(Postgres.NAME);
        }
        if (names.contains(MlflowServer.NAME)) {
            order.add(MlflowServer.NAME);
        }
        if (names.contains(KafkaBroker.NAME)) {
            order.add(KafkaBroker.NAME);
        }
        return order;
    }

    private static boolean isService(String name) {
        return name.equals(KafkaBroker.NAME) || name.equals(MlflowServer.NAME) || name.equals(Postgres.NAME);
    }

    private static String describe(ManagedProcess.StopOutcome outcome) {
        return switch (outcome) {
            case ALREADY_EXITED -> "it had already exited";
            case TERMINATED -> "stopped";
            case KILLED -> "killed (it did not stop after SIGTERM within mlcycle.stack.stop-timeout)";
        };
    }

    private void warnAboutOtherEndpoints(PrintWriter out) {
        if (!kafka.bootstrapServers().equals(kafkaBootstrapServers())
                && !kafka.bootstrapServers().equals("localhost:" + stack.kafkaPort())) {
            out.println("Note: mlcycle.kafka.bootstrap-servers is " + kafka.bootstrapServers() + ", not the local broker "
                    + kafkaBootstrapServers() + "; jobs started with this config will not use the local Kafka.");
        }
        URI tracking = mlflow.trackingUri();
        boolean local = ("127.0.0.1".equals(tracking.getHost()) || "localhost".equals(tracking.getHost()))
                && tracking.getPort() == stack.mlflowPort();
        if (!local) {
            out.println("Note: mlcycle.mlflow.tracking-uri points at " + tracking.getScheme() + "://" + tracking.getHost()
                    + (tracking.getPort() < 0 ? "" : ":" + tracking.getPort()) + ", not the local MLflow " + mlflowUri()
                    + "; jobs started with this config will not use the local server.");
        }
    }
}
