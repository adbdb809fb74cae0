package io.mlcycle.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The code version a job runs: the git commit of the launch directory and whether it had uncommitted
 * changes. Outside a git checkout (a container image), {@code MLCYCLE_GIT_COMMIT} names it.
 */
public record BuildInfo(String gitCommit, boolean dirty) {
    public static final String UNKNOWN = "unknown";

    public static BuildInfo current() {
        String fromEnvironment = System.getenv("MLCYCLE_GIT_COMMIT");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new BuildInfo(fromEnvironment.trim(), Boolean.parseBoolean(System.getenv("MLCYCLE_GIT_DIRTY")));
        }
        Optional<String> commit = git("rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return new BuildInfo(UNKNOWN, false);
        }
        boolean dirty = git("status", "--porcelain", "--untracked-files=no").map(out -> !out.isBlank()).orElse(false);
        return new BuildInfo(commit.get().trim(), dirty);
    }

    public static String mlcycleVersion() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static Optional<String> git(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "git";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
