package io.mlcycle.cli.spark;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * One Spark application to run through spark-submit. {@code name} prefixes its output in the foreground and names
 * its pid and log files in the run folder in the background (lower-case letters, digits and '-').
 */
public record SparkJob(String name, String mainClass, Path jar, List<String> arguments) {
    /** Main class of the batch jobs' jar; its arguments are {@code <job-name> --config <file>}. */
    public static final String BATCH_MAIN_CLASS = "io.mlcycle.jobs.JobMain";
    /** Main class of the streaming jar; its arguments are {@code <query-name> --config <file>}. */
    public static final String STREAMING_MAIN_CLASS = "io.mlcycle.streaming.StreamingMain";

    public SparkJob {
        requireNonNull(name, "name is null");
        requireNonNull(mainClass, "mainClass is null");
        requireNonNull(jar, "jar is null");
        arguments = List.copyOf(arguments);
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("Cannot use job name '" + name + "': expected lower-case letters, digits and '-'");
        }
    }

    /** A batch job of {@code jobs/} ({@code train}, {@code features}, ...), run with the given config file. */
    public static SparkJob batch(Path jobsJar, String jobName, Path configFile) {
        return new SparkJob(jobName, BATCH_MAIN_CLASS, jobsJar, List.of(jobName, "--config", configFile.toAbsolutePath().toString()));
    }

    /** A streaming query of {@code streaming/} ({@code score}), run with the given config file. */
    public static SparkJob streaming(Path streamingJar, String queryName, Path configFile) {
        return new SparkJob(queryName, STREAMING_MAIN_CLASS, streamingJar,
                List.of(queryName, "--config", configFile.toAbsolutePath().toString()));
    }
}
