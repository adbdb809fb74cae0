package io.mlcycle.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes (sh, sleep) started, found, and stopped through the run folder. */
class RunFolderTest {
    @TempDir
    Path workDir;

    private RunFolder runFolder;

    @AfterEach
    void killLeftovers() {
        if (runFolder != null) {
            runFolder.names().forEach(name -> runFolder.find(name).ifPresent(ManagedProcess::kill));
        }
    }

    @Test
    void startedProcessHasPidAndLogFilesAndIsFoundAgain() throws Exception {
        runFolder = RunFolder.of(workDir);

        ManagedProcess started = runFolder.start("echoer", new ProcessBuilder("sh", "-c", "echo hello from echoer; exec sleep 60"));

        assertThat(workDir.resolve("run").resolve("echoer.pid")).hasContent(started.pid() + " " + startTicks(started.pid()));
        assertThat(runFolder.names()).containsExactly("echoer");
        assertThat(runFolder.find("echoer")).map(ManagedProcess::pid).contains(started.pid());
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readString(runFolder.logFile("echoer"))).contains("mlcycle starts echoer: sh -c", "hello from echoer\n"));
    }

    @Test
    void stopTerminatesTheProcessAndItsChildrenAndRemovesThePidFile() {
        runFolder = RunFolder.of(workDir);
        ManagedProcess parent = runFolder.start("family", new ProcessBuilder("sh", "-c", "sleep 61 & sleep 62 & wait"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> parent.pid() > 0
                && ProcessHandle.of(parent.pid()).map(handle -> handle.children().count() == 2).orElse(false));
        List<ProcessHandle> children = ProcessHandle.of(parent.pid()).orElseThrow().children().toList();

        ManagedProcess.StopOutcome outcome = runFolder.find("family").orElseThrow().stop(Duration.ofSeconds(10));

        assertThat(outcome).isEqualTo(ManagedProcess.StopOutcome.TERMINATED);
        assertThat(parent.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(runFolder.pidFile("family")).doesNotExist();
        assertThat(runFolder.find("family")).isEmpty();
    }

    @Test
    void processThatIgnoresSigtermIsKilledAfterTheTimeout() {
        runFolder = RunFolder.of(workDir);
        ManagedProcess stubborn = runFolder.start("stubborn", new ProcessBuilder("sh", "-c", "trap '' TERM; echo trapped; sleep 60 & wait"));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(runFolder.logFile("stubborn")).contains("trapped"));

        ManagedProcess.StopOutcome outcome = stubborn.stop(Duration.ofMillis(500));

        assertThat(outcome).isEqualTo(ManagedProcess.StopOutcome.KILLED);
        assertThat(stubborn.isAlive()).isFalse();
        assertThat(runFolder.pidFile("stubborn")).doesNotExist();
    }

    @Test
    void pidFileOfAnExitedProcessIsStaleAndDeleted() throws Exception {
        runFolder = RunFolder.of(workDir);
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Files.createDirectories(runFolder.directory());
        Files.writeString(runFolder.pidFile("gone"), exited.pid() + "\n");

        assertThat(runFolder.find("gone")).isEmpty();
        assertThat(runFolder.pidFile("gone")).doesNotExist();
    }

    @Test
    void pidFileOlderThanTheProcessWithThatPidIsStale() throws Exception {
        runFolder = RunFolder.of(workDir);
        Files.createDirectories(runFolder.directory());
        // This JVM's pid, in a pid file written long before this JVM started: the pid was reused.
        Path pidFile = runFolder.pidFile("reused");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        Files.setLastModifiedTime(pidFile, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));

        assertThat(runFolder.find("reused")).isEmpty();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void aRunningProcessIsFoundAfterTheWallClockJumped() throws Exception {
        runFolder = RunFolder.of(workDir);
        ManagedProcess started = runFolder.start("sleeper", new ProcessBuilder("sleep", "60"));
        // a paused and resumed VM: the pid file now looks older than the process by its wall-clock start time
        Files.setLastModifiedTime(runFolder.pidFile("sleeper"), FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));

        assertThat(runFolder.find("sleeper")).map(ManagedProcess::pid).contains(started.pid());
    }

    @Test
    void aLiveProcessWithAnotherStartTimeIsStale() throws Exception {
        runFolder = RunFolder.of(workDir);
        Files.createDirectories(runFolder.directory());
        long pid = ProcessHandle.current().pid();
        Files.writeString(runFolder.pidFile("reused"), pid + " " + (startTicks(pid) + 1) + "\n");

        assertThat(runFolder.find("reused")).isEmpty();
        assertThat(runFolder.pidFile("reused")).doesNotExist();
    }

    /** Field 22 of /proc/<pid>/stat, read here by splitting after the command name's closing parenthesis. */
    private static long startTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+")[19]);
    }

    @Test
    void unreadablePidFileIsStale() throws Exception {
        runFolder = RunFolder.of(workDir);
        Files.createDirectories(runFolder.directory());
        Files.writeString(runFolder.pidFile("garbled"), "not a pid");

        assertThat(runFolder.find("garbled")).isEmpty();
        assertThat(runFolder.names()).isEmpty();
    }

    @Test
    void secondStartOfARunningNameIsRefused() {
        runFolder = RunFolder.of(workDir);
        ManagedProcess first = runFolder.start("single", new ProcessBuilder("sleep", "60"));

        assertThatThrownBy(() -> runFolder.start("single", new ProcessBuilder("sleep", "60")))
                .isInstanceOf(CliException.class)
                .hasMessage("Cannot start single: it is already running as pid " + first.pid() + " (" + runFolder.pidFile("single")
                        + "). Stop it first with ./mlcycle stack down.");
    }

    @Test
    void missingProgramIsReportedByName() {
        runFolder = RunFolder.of(workDir);

        assertThatThrownBy(() -> runFolder.start("ghost", new ProcessBuilder("/nonexistent/mlcycle-ghost")))
                .isInstanceOf(CliException.class)
                .hasMessage("Cannot start ghost: the program /nonexistent/mlcycle-ghost does not exist or is not executable.");
        assertThat(runFolder.pidFile("ghost")).doesNotExist();
    }

    @Test
    void namesMustBeSimple() {
        runFolder = RunFolder.of(workDir);

        assertThatThrownBy(() -> runFolder.pidFile("../escape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use process name '../escape': expected lower-case letters, digits and '-'");
    }
}
