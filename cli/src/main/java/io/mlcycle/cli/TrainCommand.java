package io.mlcycle.cli;

import io.mlcycle.cli.spark.SparkJars;
import io.mlcycle.cli.spark.SparkJob;
import io.mlcycle.cli.spark.SparkSubmit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train [--data-version <n> | --reproduce <run-id>]}: runs the train job through spark-submit against the configured
 * MLflow server (start the local one with {@code ./mlcycle stack up}).
 */
@Command(name = "train", description = "Train on the feature table (every configured algorithm and grid point, each a child run),"
        + " evaluate the chosen model on the test split, register it, and make it the champion when its gate passes."
        + " With --reproduce <run-id>: train again from the data version, config and seed that run recorded (nothing is"
        + " registered) and compare the test metrics; exits 1 when any differs.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--reproduce", paramLabel = "<run-id>", description = "The MLflow run id of an earlier train run to reproduce.")
    private String reproduce;

    @Option(names = "--data-version", paramLabel = "<n>", description = "Train on this version of the feature table (default: the latest).")
    private Long dataVersion;

    @Override
    public Integer call() {
        if (reproduce != null && dataVersion != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Use either --reproduce or --data-version: a reproduction trains on the version the original run recorded.");
        }
        CliSettings settings = Main.settings(spec);
        List<String> arguments = new ArrayList<>(List.of("train", "--config", settings.configFile().toAbsolutePath().toString()));
        if (reproduce != null) {
            arguments.addAll(List.of("--reproduce", reproduce));
        }
        if (dataVersion != null) {
            arguments.addAll(List.of("--data-version", String.valueOf(dataVersion)));
        }
        SparkJob job = new SparkJob("train", SparkJob.BATCH_MAIN_CLASS, SparkJars.jobs(RepositoryRoot.find()), arguments);
        return SparkSubmit.of(settings).run(job, spec.commandLine().getOut());
    }
}
