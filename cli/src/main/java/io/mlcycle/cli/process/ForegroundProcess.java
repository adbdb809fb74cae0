package io.mlcycle.cli.process;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Runs a command in the foreground: every line of its merged stdout and stderr goes to a consumer as it comes. */
public final class ForegroundProcess {
    private ForegroundProcess() {}

    /**
     * Runs {@code builder}'s command to its end and returns its exit code. If the CLI itself is stopped meanwhile
     * (SIGTERM), the command and its descendants are stopped too.
     */
    public static int run(ProcessBuilder builder, Consumer<String> lines) {
        return run(builder, "", lines, process -> {});
    }

    /** As {@link #run(ProcessBuilder, Consumer)}, handing the started process to {@code started} first (to watch it). */
    public static int run(ProcessBuilder builder, Consumer<String> lines, Consumer<Process> started) {
        return run(builder, "", lines, started);
    }

    /**
     * Like {@link #run(ProcessBuilder, Consumer)}, with {@code input} written to the command's stdin (then closed): the way
     * to hand a command a secret without putting it on its command line, where {@code ps} shows it.
     */
    public static int run(ProcessBuilder builder, String input, Consumer<String> lines) {
        return run(builder, input, lines, process -> {});
    }

    private static int run(ProcessBuilder builder, String input, Consumer<String> lines, Consumer<Process> started) {
        Process process = start(builder);
        started.accept(process);
        writeInput(process, input);
        Thread stopOnExit = new Thread(() -> destroyTree(process), "stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output.lines().forEach(lines);
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the output of " + builder.command().get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(process);
            throw new CliException(CliError.PROCESS_FAILED, "Interrupted while running " + builder.command().get(0), e);
        } finally {
            removeHook(stopOnExit);
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CliException(CliError.PROCESS_FAILED, "Cannot run " + builder.command().get(0) + ": " + e.getMessage()
                    + ". Check that the program exists and is executable.", e);
        }
    }

    private static void writeInput(Process process, String input) {
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command exited without reading its input: its exit code and output tell why.
        }
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is running or has run.
        }
    }
}
