package io.mlcycle.cli.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A background process recorded in the {@link RunFolder}: started by this CLI run, or found through its pid file.
 * Stopping it stops its descendants too (the MLflow server's uvicorn workers, spark-submit's driver JVM).
 */
public final class ManagedProcess {
    /** How long to wait for processes to disappear after SIGKILL. */
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final ProcessHandle handle;
    private final Path pidFile;
    private final Path logFile;
    private final Process process;

    ManagedProcess(String name, ProcessHandle handle, Path pidFile, Path logFile, Process process) {
        this.name = requireNonNull(name, "name is null");
        this.handle = requireNonNull(handle, "handle is null");
        this.pidFile = requireNonNull(pidFile, "pidFile is null");
        this.logFile = requireNonNull(logFile, "logFile is null");
        this.process = process;
    }

    /** How {@link #stop} ended the process. */
    public enum StopOutcome {
        /** It had already exited. */
        ALREADY_EXITED,
        /** It exited after SIGTERM. */
        TERMINATED,
        /** It did not exit within the timeout after SIGTERM and was killed (SIGKILL). */
        KILLED
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    public Path pidFile() {
        return pidFile;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** The exit code, when this CLI run started the process and it has exited; a process found by its pid file has none. */
    public OptionalInt exitCode() {
        if (process == null || process.isAlive()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(process.exitValue());
    }

    /** Waits up to {@code timeout} for the process to exit; true when it has. */
    public boolean awaitExit(Duration timeout) {
        return awaitExit(List.of(handle), timeout);
    }

    /** SIGTERM to the process and its descendants; SIGKILL to whatever is left after {@code timeout}. Deletes the pid file. */
    public StopOutcome stop(Duration timeout) {
        List<ProcessHandle> tree = aliveTree();
        if (tree.isEmpty()) {
            RunFolder.deleteQuietly(pidFile);
            return StopOutcome.ALREADY_EXITED;
        }
        tree.forEach(ProcessHandle::destroy);
        if (awaitExit(tree, timeout)) {
            RunFolder.deleteQuietly(pidFile);
            return StopOutcome.TERMINATED;
        }
        kill(tree);
        return StopOutcome.KILLED;
    }

    /** SIGKILL to the process and its descendants, at once. Deletes the pid file. */
    public void kill() {
        kill(aliveTree());
    }

    private void kill(List<ProcessHandle> knownTree) {
        List<ProcessHandle> tree = new ArrayList<>(knownTree);
        tree.addAll(aliveTree());
        tree.forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(tree, KILL_TIMEOUT)) {
            throw new IllegalStateException("Cannot kill " + name + " (pid " + pid() + "): still alive after SIGKILL");
        }
        RunFolder.deleteQuietly(pidFile);
    }

    /** The process and its descendants that are alive, parents before children. */
    private List<ProcessHandle> aliveTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        if (handle.isAlive()) {
            tree.add(handle);
        }
        handle.descendants().filter(ProcessHandle::isAlive).forEach(tree::add);
        return tree;
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot wait for process exit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
