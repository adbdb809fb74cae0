package io.mlcycle.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mlcycle.cli.benchmark.BenchmarkCommand;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigValidationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ./mlcycle} command line. Every command takes {@code --config <file>}, {@code -D<key>=<value>} (config
 * overrides), {@code --help} and {@code --version}; the configuration is read once, validated, and handed to the
 * commands as {@link CliSettings}.
 *
 * <p>Exit codes: 0 success; 1 a failure the message explains ({@link CliException}) or an unexpected error (with its
 * stack trace); 2 invalid command line or configuration (every problem listed, no stack trace); a command that runs
 * another program (test, jobs) exits with that program's code.
 */
@Command(
        name = "mlcycle",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = MlcycleVersion.class,
        description = "The machine-learning lifecycle as a continuous cycle on Spark, Kafka, Delta Lake and MLflow.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order {@code --help} lists them. A new command (demo, a job) is a picocli
     * {@code @Command} class with a public no-argument constructor that reaches the settings through
     * {@link #settings(CommandSpec)}; add its class here.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(StackCommand.class, DemoCommand.class, ValidateConfigCommand.class, LineageCommand.class,
            TrainCommand.class, ScoreBatchCommand.class, PromoteCommand.class, RollbackCommand.class, TestCommand.class, BenchmarkCommand.class);

    @Option(names = "--config", paramLabel = "<file>", scope = ScopeType.INHERIT,
            description = "Configuration file, an overlay of conf/application.conf (default: ${DEFAULT-VALUE}). "
                    + "Any key can be overridden with -D<key>=<value>.")
    private Path configFile = ConfigLoader.DEFAULT_CONFIG_FILE;

    @Option(names = "-D", paramLabel = "<key>=<value>", scope = ScopeType.INHERIT,
            description = "Override a config key (highest precedence; jobs started by this run get it too),"
                    + " e.g. -Dmlcycle.stack.kafka.port=29092.")
    private Map<String, String> configOverrides = new LinkedHashMap<>();

    @Spec
    private CommandSpec spec;

    private CliSettings settings;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        SUBCOMMANDS.forEach(commandLine::addSubcommand);
        return commandLine
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((exception, failed, parseResult) -> report(exception, failed.getErr()))
                .execute(args);
    }

    /** The settings, read from the {@code --config} file on first use and kept for the rest of the run. */
    public CliSettings settings() {
        if (settings == null) {
            settings = CliSettings.read(config(), configFile);
        }
        return settings;
    }

    /** The whole configuration of the run, overrides applied, not yet checked by any settings record. */
    public Config config() {
        // ConfigLoader reads overrides from the system properties, the documented top layer of the config.
        configOverrides.forEach(System::setProperty);
        ConfigFactory.invalidateCaches();
        return ConfigLoader.load(configFile);
    }

    /** The configuration of the run that {@code command} belongs to, for commands that check more than the CLI's settings. */
    public static Config config(CommandSpec command) {
        return ((Main) command.root().userObject()).config();
    }

    /** The {@code --config} file of the run that {@code command} belongs to. */
    public static Path configFile(CommandSpec command) {
        return ((Main) command.root().userObject()).configFile;
    }

    /** The settings of the run that {@code command} belongs to (for subcommands at any depth). */
    public static CliSettings settings(CommandSpec command) {
        return ((Main) command.root().userObject()).settings();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: use one of " + spec.subcommands().keySet());
    }

    private static int report(Exception exception, PrintWriter err) throws Exception {
        if (exception instanceof ConfigValidationException invalid) {
            err.println(invalid.getMessage());
            return 2;
        }
        if (exception instanceof CliException failure) {
            err.println("Error: " + failure.getMessage());
            return 1;
        }
        throw exception;
    }
}
