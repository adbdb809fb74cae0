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
 * {@code score-batch [--table <path>] [--data-version <n>] [--model-version <v>]}: runs the batch scoring job through
 * spark-submit against the configured MLflow registry.
 */
@Command(name = "score-batch", description = "Score a Delta table (default: the silver table, its latest version) with the"
        + " champion (or --model-version) and append the predictions, with the streaming scorer's columns, to"
        + " mlcycle.lake.batch-predictions-table. Lookups and entity aggregates are computed as the features job computes them."
        + " Scoring the same table version with the same model version again adds nothing.")
public final class ScoreBatchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--table", paramLabel = "<path>", description = "The Delta table to score (default: mlcycle.lake.silver-table).")
    private String table;

    // --data-version as in train: --version is every command's version option
    @Option(names = "--data-version", paramLabel = "<n>", description = "The table version to score (default: the latest).")
    private Long dataVersion;

    @Option(names = "--model-version", paramLabel = "<v>", description = "The registered model version to score with (default: the champion).")
    private String modelVersion;

    @Override
    public Integer call() {
        CliSettings settings = Main.settings(spec);
        List<String> arguments = new ArrayList<>(List.of("score-batch", "--config", settings.configFile().toAbsolutePath().toString()));
        if (table != null) {
            arguments.addAll(List.of("--table", table));
        }
        if (dataVersion != null) {
            arguments.addAll(List.of("--data-version", String.valueOf(dataVersion)));
        }
        if (modelVersion != null) {
            arguments.addAll(List.of("--model-version", modelVersion));
        }
        SparkJob job = new SparkJob("score-batch", SparkJob.BATCH_MAIN_CLASS, SparkJars.jobs(RepositoryRoot.find()), arguments);
        return SparkSubmit.of(settings).run(job, spec.commandLine().getOut());
    }
}
