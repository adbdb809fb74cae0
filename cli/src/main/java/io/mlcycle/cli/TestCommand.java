package io.mlcycle.cli;

import io.mlcycle.cli.process.Executables;
import io.mlcycle.cli.process.ForegroundProcess;
import io.mlcycle.cli.stack.Stack;
import io.mlcycle.common.config.StackSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code test}: brings up the same local stack as the demo, then runs every test, {@code mvn -B verify}, with the stack's
 * coordinates as Maven user properties, which surefire and failsafe hand to the forked test JVMs as system properties:
 * {@code mlcycle.it.mlflow-uri}, {@code mlcycle.it.kafka-bootstrap}, {@code mlcycle.it.venv}, {@code mlcycle.it.work-dir},
 * {@code mlcycle.it.config}, and, when the local PostgreSQL is enabled, {@code mlcycle.it.postgres-url} and
 * {@code mlcycle.it.postgres-user}. The PostgreSQL password goes in the environment variable {@value #POSTGRES_PASSWORD_VARIABLE}
 * (Maven, surefire's and failsafe's forked JVMs inherit it), not on a command line that {@code ps} shows.
 * Exits with Maven's exit code; with {@code CI=true} it stops the stack afterwards.
 */
@Command(name = "test", description = "Start the local stack, then run every test against it (mvn -B verify).")
public final class TestCommand implements Callable<Integer> {
    /** The environment variable that hands the tests the local PostgreSQL role's password. */
    static final String POSTGRES_PASSWORD_VARIABLE = "MLCYCLE_IT_POSTGRES_PASSWORD";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "<maven-argument>", arity = "0..*",
            description = "More arguments for Maven, after --, e.g.: ./mlcycle test -- -pl cli -am -Dit.test=StackIT")
    private List<String> mavenArguments = new ArrayList<>();

    @Override
    public Integer call() {
        CliSettings settings = Main.settings(spec);
        PrintWriter out = spec.commandLine().getOut();
        Path repositoryRoot = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(repositoryRoot.resolve("pom.xml"))) {
            throw new CliException(CliError.MISSING_BUILD_OUTPUT, "Cannot run the tests: there is no pom.xml in " + repositoryRoot
                    + ". Run ./mlcycle test from the repository root.");
        }
        Path maven = Executables.find("mvn").orElseThrow(() -> new CliException(CliError.MISSING_TOOL,
                "Cannot run the tests: Maven (mvn) is not on the PATH. Install Maven 3.8 or newer (Debian/Ubuntu: sudo apt-get"
                        + " install maven; macOS: brew install maven; or https://maven.apache.org/download.cgi)."));
        Stack stack = Stack.of(settings);
        try {
            stack.up(out);
            List<String> command = mavenCommand(maven.toString(), stack.kafkaBootstrapServers(), stack.mlflowUri(),
                    stack.python().venvDir(), settings.workDir(), settings.configFile(), settings.stack().postgres(), mavenArguments);
            out.println("Running: " + String.join(" ", command));
            out.flush();
            ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot.toFile());
            builder.environment().putAll(mavenEnvironment(settings.stack().postgres()));
            int exitCode = ForegroundProcess.run(builder, line -> {
                out.println(line);
                out.flush();
            });
            out.println(exitCode == 0 ? "All tests passed." : "Maven exited with code " + exitCode + ".");
            return exitCode;
        } finally {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                out.println("CI=true: stopping the stack.");
                stack.down(out);
            }
        }
    }

    /** The Maven command line that runs every test against the stack at these coordinates. */
    static List<String> mavenCommand(String maven, String kafkaBootstrap, URI mlflowUri, Path venv, Path workDir, Path configFile,
            StackSettings.Postgres postgres, List<String> extraArguments) {
        List<String> command = new ArrayList<>(List.of(
                maven, "-B", "verify",
                "-Dmlcycle.it.mlflow-uri=" + mlflowUri,
                "-Dmlcycle.it.kafka-bootstrap=" + kafkaBootstrap,
                "-Dmlcycle.it.venv=" + venv.toAbsolutePath(),
                "-Dmlcycle.it.work-dir=" + workDir.toAbsolutePath(),
                "-Dmlcycle.it.config=" + configFile.toAbsolutePath()));
        if (postgres.enabled()) {
            command.add("-Dmlcycle.it.postgres-url=" + postgres.jdbcUrl());
            command.add("-Dmlcycle.it.postgres-user=" + postgres.user());
        }
        command.addAll(extraArguments);
        return command;
    }

    /** What Maven's environment gains: the PostgreSQL password, when the local PostgreSQL is enabled. */
    static Map<String, String> mavenEnvironment(StackSettings.Postgres postgres) {
        return postgres.enabled() ? Map.of(POSTGRES_PASSWORD_VARIABLE, postgres.password().reveal()) : Map.of();
    }
}
