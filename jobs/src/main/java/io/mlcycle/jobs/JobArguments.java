package io.mlcycle.jobs;

import java.nio.file.Path;
import java.util.List;

/** The arguments of a job under spark-submit: the job's name and {@code --config <file>}. */
record JobArguments(String job, Path configFile) {
    private static final String USAGE = "Usage: spark-submit ... <jobs jar> <job> [--config <file>]  (default conf/local.conf)";

    static JobArguments parse(String[] args, List<String> jobs) {
        if (args.length == 0 || !jobs.contains(args[0])) {
            throw new IllegalArgumentException("Cannot start a job: expected one of " + jobs + " as the first argument, got "
                    + (args.length == 0 ? "nothing" : "'" + args[0] + "'") + ".\n" + USAGE);
        }
        Path config = io.mlcycle.common.config.ConfigLoader.DEFAULT_CONFIG_FILE;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                throw new IllegalArgumentException("Cannot start job '" + args[0] + "': unexpected argument '" + args[i] + "'.\n" + USAGE);
            }
        }
        return new JobArguments(args[0], config);
    }
}
