package io.mlcycle.cli.stack;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import io.mlcycle.cli.process.ManagedProcess;
import io.mlcycle.cli.process.Ports;
import io.mlcycle.cli.process.RunFolder;
import io.mlcycle.common.config.StackSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local MLflow tracking server and model registry, from the venv's {@code mlflow} package: SQLite for runs and
 * the registry, a local folder for artifacts served through the server ({@code --serve-artifacts}), bound to
 * 127.0.0.1 (MLflow's default allowed hosts cover 127.0.0.1 and localhost). Its files live in
 * {@code <work-dir>/services/mlflow}.
 */
public final class MlflowServer {
    /** Its name in the run folder. */
    public static final String NAME = "mlflow";

    /** Environment of the server: no telemetry, and no job-runner process (a GenAI feature mlcycle does not use; ~250 MB). */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "MLFLOW_DISABLE_TELEMETRY", "true",
            "DO_NOT_TRACK", "true",
            "MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");

    private final StackSettings stack;
    private final PythonEnvironment python;
    private final RunFolder runFolder;
    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public MlflowServer(StackSettings stack, PythonEnvironment python, RunFolder runFolder) {
        this.stack = requireNonNull(stack, "stack is null");
        this.python = requireNonNull(python, "python is null");
        this.runFolder = requireNonNull(runFolder, "runFolder is null");
        this.home = stack.workDir().resolve("services").resolve("mlflow");
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + stack.mlflowPort());
    }

    public Optional<ManagedProcess> process() {
        return runFolder.find(NAME);
    }

    /** The server's command line. */
    List<String> command() {
        Path home = this.home.toAbsolutePath();
        return List.of(
                python.executable("mlflow").toString(), "server",
                "--backend-store-uri", "sqlite:///" + home.resolve("mlflow.db"),
                "--artifacts-destination", home.resolve("artifacts").toString(),
                "--serve-artifacts",
                "--host", "127.0.0.1",
                "--port", String.valueOf(stack.mlflowPort()),
                "--workers", String.valueOf(stack.mlflowWorkers()));
    }

    /** Starts the server unless it is running, and waits until {@code GET /health} answers 200. */
    public void start(PrintWriter out) {
        Optional<ManagedProcess> running = process();
        if (running.isPresent()) {
            awaitHealthy(running.get());
            out.printf("already running (pid %d), healthy%n", running.get().pid());
            return;
        }
        Ports.requireFree("MLflow", stack.mlflowPort(), "mlcycle.stack.mlflow.port", "and point mlcycle.mlflow.tracking-uri at it");
        createHome();
        ProcessBuilder builder = new ProcessBuilder(command()).directory(home.toFile());
        builder.environment().putAll(ENVIRONMENT);
        ManagedProcess server = runFolder.start(NAME, builder);
        try {
            Duration waited = awaitHealthy(server);
            out.printf("started (pid %d), healthy after %s%n", server.pid(), Polling.seconds(waited));
        } catch (CliException e) {
            server.kill();
            throw e;
        }
    }

    /** True when {@code GET /health} answers 200 within {@code timeout}. */
    public boolean answers(Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri().resolve("/health")).timeout(timeout).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Duration awaitHealthy(ManagedProcess server) {
        long started = System.nanoTime();
        long deadline = started + stack.mlflowStartupTimeout().toNanos();
        while (!answers(Duration.ofSeconds(2))) {
            if (!server.isAlive()) {
                throw new CliException(CliError.SERVICE_NOT_READY, "MLflow exited during start-up"
                        + server.exitCode().stream().mapToObj(code -> " (exit code " + code + ")").findFirst().orElse("")
                        + ". Read its log: " + server.logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(CliError.SERVICE_NOT_READY, "MLflow (pid " + server.pid() + ") did not answer "
                        + uri().resolve("/health") + " within " + stack.mlflowStartupTimeout().toSeconds()
                        + " s (mlcycle.stack.mlflow.startup-timeout). Read its log: " + server.logFile()
                        + ". On a slow machine, raise the timeout.");
            }
            Polling.pause();
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void createHome() {
        try {
            Files.createDirectories(home.resolve("artifacts"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + home, e);
        }
    }
}
