package io.mlcycle.jobs;

import io.mlcycle.jobs.score.ScoreBatchJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The arguments of a job under spark-submit: the job's name, {@code --config <file>}, for ingest {@code --source <name>}
 * (only that source of the dataset; "" for all), for train {@code --reproduce <run-id>} (train again from what that
 * run recorded and compare) or {@code --data-version <n>} (train on that version of the feature table, not the latest),
 * and for score-batch {@code --table <path>}, {@code --data-version <n>} (of that table) and {@code --model-version <v>}.
 */
record JobArguments(String job, Path configFile, String source, Optional<String> reproduce, OptionalLong dataVersion,
                    ScoreBatchJob.Options scoring) {
    private static final String USAGE = "Usage: spark-submit ... <jobs jar> <job> [--config <file>]  (default conf/local.conf)\n"
            + "       spark-submit ... <jobs jar> ingest [--config <file>] [--source <name>]  (default: every source of mlcycle.dataset.sources)\n"
            + "       spark-submit ... <jobs jar> train [--config <file>] [--reproduce <run-id> | --data-version <n>]\n"
            + "       spark-submit ... <jobs jar> score-batch [--config <file>] [--table <delta table>] [--data-version <n>] [--model-version <v>]"
            + "  (default: the silver table's latest version, the champion)";

    static JobArguments parse(String[] args, List<String> jobs) {
        if (args.length == 0 || !jobs.contains(args[0])) {
            throw new IllegalArgumentException("Cannot start a job: expected one of " + jobs + " as the first argument, got "
                    + (args.length == 0 ? "nothing" : "'" + args[0] + "'") + ".\n" + USAGE);
        }
        Path config = io.mlcycle.common.config.ConfigLoader.DEFAULT_CONFIG_FILE;
        String source = "";
        Optional<String> reproduce = Optional.empty();
        OptionalLong dataVersion = OptionalLong.empty();
        Optional<String> table = Optional.empty();
        OptionalLong tableVersion = OptionalLong.empty();
        Optional<String> modelVersion = Optional.empty();
        boolean train = args[0].equals("train");
        boolean scoreBatch = args[0].equals("score-batch");
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (args[i].equals("--source") && i + 1 < args.length && args[0].equals("ingest")) {
                source = args[++i];
            } else if (args[i].equals("--reproduce") && i + 1 < args.length && train && !args[i + 1].isBlank()) {
                reproduce = Optional.of(args[++i].trim());
            } else if (args[i].equals("--data-version") && i + 1 < args.length && train) {
                dataVersion = OptionalLong.of(version("train", "--data-version", args[++i]));
            } else if (args[i].equals("--data-version") && i + 1 < args.length && scoreBatch) {
                tableVersion = OptionalLong.of(version("score-batch", "--data-version", args[++i]));
            } else if (args[i].equals("--table") && i + 1 < args.length && scoreBatch && !args[i + 1].isBlank()) {
                table = Optional.of(args[++i].trim());
            } else if (args[i].equals("--model-version") && i + 1 < args.length && scoreBatch && !args[i + 1].isBlank()) {
                modelVersion = Optional.of(args[++i].trim());
            } else {
                throw new IllegalArgumentException("Cannot start job '" + args[0] + "': unexpected argument '" + args[i] + "'.\n" + USAGE);
            }
        }
        if (reproduce.isPresent() && dataVersion.isPresent()) {
            throw new IllegalArgumentException("Cannot start job 'train' with both --reproduce and --data-version: a reproduction trains on"
                    + " the version the original run recorded.\n" + USAGE);
        }
        return new JobArguments(args[0], config, source, reproduce, dataVersion, new ScoreBatchJob.Options(table, tableVersion, modelVersion));
    }

    private static long version(String job, String option, String text) {
        try {
            long version = Long.parseLong(text.trim());
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Cannot start job '" + job + "': " + option + " expects a Delta table version (0, 1, ...), got '" + text
                + "'.\n" + USAGE);
    }
}
