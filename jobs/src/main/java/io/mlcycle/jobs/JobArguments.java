package io.mlcycle.jobs;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of a job under spark-submit: the job's name, {@code --config <file>}, and for ingest
 * {@code --source <name>} (only that source of the dataset; "" for all).
 */
record JobArguments(String job, Path configFile, String source) {
    private static final String USAGE = "Usage: spark-submit ... <jobs jar> <job> [--config <file>]  (default conf/local.conf)\n"
            + "       spark-submit ... <jobs jar> ingest [--config <file>] [--source <name>]  (default: every source of mlcycle.dataset.sources)";

    static JobArguments parse(String[] args, List<String> jobs) {
        if (args.length == 0 || !jobs.contains(args[0])) {
            throw new IllegalArgumentException("Cannot start a job: expected one of " + jobs + " as the first argument, got "
                    + (args.length == 0 ? "nothing" : "'" + args[0] + "'") + ".\n" + USAGE);
        }
        Path config = io.mlcycle.common.config.ConfigLoader.DEFAULT_CONFIG_FILE;
        String source = "";
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else if (args[i].equals("--source") && i + 1 < args.length && args[0].equals("ingest")) {
                source = args[++i];
            } else {
                throw new IllegalArgumentException("Cannot start job '" + args[0] + "': unexpected argument '" + args[i] + "'.\n" + USAGE);
            }
        }
        return new JobArguments(args[0], config, source);
    }
}
