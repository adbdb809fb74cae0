package io.mlcycle.cli.stack;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
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
import java.util.Deque;
import java.util.List;

/** Installs Debian packages with apt-get, non-interactively, its output in a log file and its progress on the console. */
final class DebianPackages {
    private static final int TAIL_LINES = 15;

    private final String aptGet;
    private final Path logFile;

    DebianPackages(String aptGet, Path logFile) {
        this.aptGet = requireNonNull(aptGet, "aptGet is null");
        this.logFile = requireNonNull(logFile, "logFile is null");
    }

    /** The install command line. */
    List<String> installCommand(String packageName) {
        return List.of(aptGet, "install", "-y", "--no-install-recommends", packageName);
    }

    /** Installs {@code packageName}; when that fails, refreshes the package lists once ({@code apt-get update}) and tries again. */
    void install(String packageName, PrintWriter out) {
        Deque<String> tail = new ArrayDeque<>();
        if (run(installCommand(packageName), tail, out) == 0) {
            return;
        }
        out.println("      install failed; refreshing the package lists (apt-get update) and trying again");
        run(List.of(aptGet, "update"), tail, out);
        int exitCode = run(installCommand(packageName), tail, out);
        if (exitCode != 0) {
            throw new CliException(CliError.PACKAGE_INSTALL_FAILED, "Cannot install the Debian package " + packageName
                    + " (apt-get exit code " + exitCode + "). Its last output:\n" + String.join("\n", tail)
                    + "\napt-get needs to reach the Debian mirrors (check the network or the proxy in /etc/apt/apt.conf.d),"
                    + " then run ./mlcycle stack up again. Full output: " + logFile);
        }
    }

    private int run(List<String> command, Deque<String> tail, PrintWriter out) {
        try {
            Files.createDirectories(logFile.getParent());
            try (Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                log.write("$ " + String.join(" ", command) + System.lineSeparator());
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
                return ForegroundProcess.run(builder, line -> {
                    write(log, line);
                    keepTail(tail, line);
                    if (isProgressLine(line)) {
                        out.println("        " + line.strip());
                        out.flush();
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + logFile, e);
        }
    }

    static boolean isProgressLine(String line) {
        return line.startsWith("Get:") || line.startsWith("Unpacking ") || line.startsWith("Setting up ") || line.startsWith("E: ");
    }

    private static void write(Writer log, String line) {
        try {
            log.write(line + System.lineSeparator());
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keepTail(Deque<String> tail, String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }
}
