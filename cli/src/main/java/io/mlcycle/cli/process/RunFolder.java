package io.mlcycle.cli.process;

import static java.util.Objects.requireNonNull;

import io.mlcycle.cli.CliError;
import io.mlcycle.cli.CliException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run folder, {@code <work-dir>/run}: the record of every process mlcycle started in the background.
 *
 * <p>A process named {@code <name>} (lower-case letters, digits and '-', e.g. {@code kafka}, {@code mlflow},
 * {@code scorer}) has two files here:
 * <ul>
 *   <li>{@code <name>.pid}: its process id as decimal text on one line, written right after it started;</li>
 *   <li>{@code <name>.log}: its stdout and stderr, appended to across restarts, each start marked by a header line.</li>
 * </ul>
 * {@code ./mlcycle stack down} stops every process that has a pid file here (SIGTERM to the process and its
 * descendants, SIGKILL after {@code mlcycle.stack.stop-timeout}): first the ones that are not stack services
 * (demo generators, streaming queries), then MLflow, then Kafka. So anything that mlcycle leaves running must be
 * started through {@link #start} (or, for a process started otherwise, have its pid file written here after it started).
 *
 * <p>A pid file whose process is gone, or whose pid now belongs to another process (the pid was reused), is stale:
 * {@link #find} deletes it and reports nothing running. On Linux the file holds the process's start time in clock ticks
 * since boot ({@code /proc/<pid>/stat}, field 22) next to the pid, and another start time means another process; this
 * count does not move when the wall clock does (a virtual machine paused and resumed, an NTP step), whereas a start time
 * in wall-clock terms does, which once made a running broker look stale. Where {@code /proc} is missing, a process
 * that appears to have started after its pid file was written is taken as another one.
 *
 * <p>Processes are detached: they run in their own session ({@code setsid}, where it exists) with stdin from
 * {@code /dev/null}, so they outlive the CLI and a Ctrl-C in the terminal that started them.
 */
public final class RunFolder {
    /** How much later than its pid file a process may appear to have started (clock granularity of process start times). */
    private static final Duration START_TIME_SLACK = Duration.ofSeconds(5);
    private static final String PID_SUFFIX = ".pid";

    private final Path directory;

    public RunFolder(Path directory) {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
    }

    /** The run folder of a work dir: {@code <work-dir>/run}. */
    public static RunFolder of(Path workDir) {
        return new RunFolder(workDir.resolve("run"));
    }

    public Path directory() {
        return directory;
    }

    public Path pidFile(String name) {
        return directory.resolve(requireValidName(name) + PID_SUFFIX);
    }

    public Path logFile(String name) {
        return directory.resolve(requireValidName(name) + ".log");
    }

    /** Names of all processes with a pid file here (running or stale), sorted. */
    public List<String> names() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(PID_SUFFIX))
                    .map(file -> file.substring(0, file.length() - PID_SUFFIX.length()))
                    .filter(RunFolder::isValidName)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the run folder " + directory, e);
        }
    }

    /** The running process recorded under {@code name}; a stale pid file is deleted. */
    public Optional<ManagedProcess> find(String name) {
        Path pidFile = pidFile(name);
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (handle.isEmpty() || !sameProcess(handle.get(), pidFile)) {
            deleteQuietly(pidFile);
            return Optional.empty();
        }
        return Optional.of(new ManagedProcess(name, handle.get(), pidFile, logFile(name), null));
    }

    /**
     * Starts {@code builder}'s command detached, its output appended to {@code <name>.log}, and writes {@code <name>.pid}.
     * The builder's command, environment and working directory are used as they are; its redirects are replaced.
     */
    public ManagedProcess start(String name, ProcessBuilder builder) {
        find(name).ifPresent(running -> {
            throw new CliException(CliError.PROCESS_FAILED, "Cannot start " + name + ": it is already running as pid "
                    + running.pid() + " (" + running.pidFile() + "). Stop it first with ./mlcycle stack down.");
        });
        List<String> command = List.copyOf(builder.command());
        if (Executables.find(command.get(0)).isEmpty()) {
            // Checked here: behind setsid, a missing program would only show as an early exit.
            throw new CliException(CliError.PROCESS_FAILED, "Cannot start " + name + ": the program " + command.get(0)
                    + " does not exist or is not executable.");
        }
        Path logFile = logFile(name);
        try {
            Files.createDirectories(directory);
            Files.writeString(logFile, "----- " + Instant.now() + " mlcycle starts " + name + ": " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = builder.command(detached(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            Path pidFile = pidFile(name);
            writeAtomically(pidFile, pidLine(process.pid()));
            return new ManagedProcess(name, process.toHandle(), pidFile, logFile, process);
        } catch (IOException e) {
            throw new CliException(CliError.PROCESS_FAILED, "Cannot start " + name + " (" + command.get(0) + "): "
                    + e.getMessage() + ". Check that the program exists and is executable.", e);
        } finally {
            builder.command(command);
        }
    }

    static boolean isValidName(String name) {
        return name.matches("[a-z0-9][a-z0-9-]*");
    }

    private static String requireValidName(String name) {
        requireNonNull(name, "name is null");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("Cannot use process name '" + name + "': expected lower-case letters, digits and '-'");
        }
        return name;
    }

    private static List<String> detached(List<String> command) {
        List<String> detached = new ArrayList<>();
        Optional<Path> setsid = Executables.find("setsid");
        if (setsid.isPresent()) {
            detached.add(setsid.get().toString());
        } else {
            // No setsid (macOS): stay in the caller's process group but ignore the terminal's Ctrl-C and hang-up.
            detached.addAll(List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$@\"", "mlcycle-detached"));
        }
        detached.addAll(command);
        return detached;
    }

    /** What a pid file holds: the pid, and where {@code /proc} has it the process's start time in ticks since boot. */
    static String pidLine(long pid) {
        return bootTicksAtStart(pid).map(ticks -> pid + " " + ticks).orElse(String.valueOf(pid)) + System.lineSeparator();
    }

    /** Field 22 of {@code /proc/<pid>/stat}: when the process started, in clock ticks since boot; empty without /proc. */
    static Optional<Long> bootTicksAtStart(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.UTF_8);
            // the command name (field 2) is in parentheses and may hold spaces and parentheses itself
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean sameProcess(ProcessHandle handle, Path pidFile) {
        Optional<Long> recorded = readStartTicks(pidFile);
        Optional<Long> current = bootTicksAtStart(handle.pid());
        if (recorded.isPresent() && current.isPresent()) {
            return recorded.get().equals(current.get());
        }
        return !startedAfter(handle, pidFile);
    }

    private static Optional<Long> readStartTicks(Path pidFile) {
        try {
            String[] fields = Files.readString(pidFile, StandardCharsets.UTF_8).strip().split("\\s+");
            return fields.length > 1 ? Optional.of(Long.parseLong(fields[1])) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip().split("\\s+")[0]));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            deleteQuietly(pidFile);
            return Optional.empty();
        }
    }

    private static boolean startedAfter(ProcessHandle handle, Path pidFile) {
        Optional<Instant> start = handle.info().startInstant();
        try {
            Instant written = Files.getLastModifiedTime(pidFile).toInstant();
            return start.isPresent() && start.get().isAfter(written.plus(START_TIME_SLACK));
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A pid file that cannot be deleted is found stale again next time.
        }
    }
}
