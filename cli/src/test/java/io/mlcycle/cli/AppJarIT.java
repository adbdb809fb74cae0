package io.mlcycle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI jar, as ./mlcycle runs it: it has no Spark inside, so reading the configuration (dataset spec
 * included: column types, derived expressions) must not touch a Spark class. The in-module tests cannot see that,
 * since Spark is on their classpath.
 */
class AppJarIT {
    @TempDir
    Path directory;

    @Test
    void validatesTheShippedConfigAndAnExpressionWithoutSparkOnTheClasspath() throws Exception {
        Path config = TestFiles.configFile(directory, """
                mlcycle.dataset.features.derived = ${mlcycle.dataset.features.derived} [
                  { name = "credit_per_loan", expression = "credit_score / (open_loans + 1)" }
                ]
                mlcycle.dataset.features.numeric = ${mlcycle.dataset.features.numeric} ["credit_per_loan"]
                """);

        Result result = run("--config", config.toString(), "validate-config");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid: dataset 'loan-applications' with 11 features").doesNotContain("NoClassDefFoundError");
    }

    @Test
    void reportsAWrongSchemaTypeWithoutSparkOnTheClasspath() throws Exception {
        Path config = TestFiles.configFile(directory, "mlcycle.dataset.schema = [ { name = application_id, type = text } ]\n");

        Result result = run("--config", config.toString(), "validate-config");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).contains("Cannot use mlcycle.dataset.schema[0].type = 'text': expected one of [string, integer, long, double,"
                + " boolean, date, timestamp]").doesNotContain("NoClassDefFoundError");
    }

    private record Result(int exitCode, String output) {}

    private Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                appJar().toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(TestFiles.repositoryRoot().toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static Path appJar() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(TestFiles.repositoryRoot().resolve("cli").resolve("target"), "mlcycle-cli-*-app.jar")) {
            found.forEach(jars::add);
        }
        assertThat(jars).as("the packaged CLI jar (mvn package runs before the ITs)").hasSize(1);
        return jars.get(0);
    }
}
