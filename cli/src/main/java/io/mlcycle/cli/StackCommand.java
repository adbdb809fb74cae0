package io.mlcycle.cli;

import io.mlcycle.cli.stack.Stack;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stack up|down|status}: the local stack of real services under the work dir. */
@Command(
        name = "stack",
        description = "The local stack of real services on 127.0.0.1: a Kafka broker with mlcycle's topics and an MLflow"
                + " server, plus the Python venv that holds MLflow and spark-submit. State lives under the work dir.")
public final class StackCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Command(name = "up", description = "Start the venv, Kafka (and its topics) and MLflow, unless they run; wait until they answer.")
    int up() {
        Stack.of(Main.settings(spec)).up(out());
        return 0;
    }

    @Command(name = "down", description = "Stop every process mlcycle started (pid files in <work-dir>/run): jobs, MLflow, Kafka.")
    int down() {
        Stack.of(Main.settings(spec)).down(out());
        return 0;
    }

    @Command(name = "status", description = "Show each service, its address, pid, and whether it answers. Exit code 0 when both answer, 1 otherwise.")
    int status() {
        return Stack.of(Main.settings(spec)).status(out()) ? 0 : 1;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: use one of " + spec.subcommands().keySet());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
