package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./mlcycle launcher refuses a JDK older than 17 before it builds or runs anything, and says how to fix it. */
class LauncherTest {
    @TempDir
    Path fakeBin;

    @Test
    void refusesJava11WithTheFix() throws Exception {
        Path java = fakeBin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("bash", TestFiles.repositoryRoot().resolve("mlcycle").toString(), "--help")
                .redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("Cannot run mlcycle: it needs a JDK 17 or newer, and " + java + " is Java 11.")
                .contains("Install one").contains("set JAVA_HOME")
                .doesNotContain("Building mlcycle");
    }
}
