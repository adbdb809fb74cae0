package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import io.mlcycle.common.dataset.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The stages a benchmark runs, in order, from {@code --stages} and {@code --algorithms}. The benchmark starts from an
 * empty lake, so each job needs the ones before it in {@link #PIPELINE}: the stages are a leading part of it. The
 * train job expands into one stage per algorithm; without {@code --algorithms} that is every algorithm of the
 * dataset's task (for a binary task: logistic-regression, decision-tree, random-forest, gbt, linear-svm, naive-bayes).
 * The {@code score} stage reads no table (it produces its own events to Kafka), so it may come last after any leading
 * part of the pipeline, or alone; it scores with the model a train stage of the run registered, else with the champion
 * of the configured model.
 */
record BenchmarkPlan(List<BenchmarkStage> stages) {
    /** The jobs the benchmark can measure, in the order the data flows through them. */
    static final List<String> PIPELINE = List.of("generate", "ingest", "silver", "features", BenchmarkStage.TRAIN);

    BenchmarkPlan {
        stages = List.copyOf(stages);
    }

    /**
     * @param jobs the {@code --stages} given
     * @param algorithms the {@code --algorithms} given; empty = every algorithm of {@code task}
     * @throws IllegalArgumentException saying what to give instead, when a stage or algorithm is unknown or out of place
     */
    static BenchmarkPlan of(List<String> jobs, List<String> algorithms, TaskType task) {
        requireNonNull(task, "task is null");
        List<String> normalized = jobs.stream().map(job -> job.trim().toLowerCase(Locale.ROOT)).toList();
        checkStages(normalized);
        boolean scores = normalized.contains(BenchmarkStage.SCORE);
        boolean trains = normalized.contains(BenchmarkStage.TRAIN);
        if (!trains && !algorithms.isEmpty()) {
            throw new IllegalArgumentException("Cannot use --algorithms without the train stage: add train to --stages, e.g. --stages "
                    + String.join(",", PIPELINE));
        }
        List<BenchmarkStage> stages = new ArrayList<>();
        for (String job : normalized) {
            if (job.equals(BenchmarkStage.TRAIN)) {
                algorithms(algorithms, task).forEach(algorithm -> stages.add(BenchmarkStage.train(algorithm)));
            } else if (job.equals(BenchmarkStage.SCORE)) {
                continue; // added last, below
            } else {
                stages.add(BenchmarkStage.job(job));
            }
        }
        if (scores) {
            stages.add(BenchmarkStage.job(BenchmarkStage.SCORE));
        }
        return new BenchmarkPlan(stages);
    }

    /** Whether any stage trains (and so needs an MLflow tracking server). */
    boolean trains() {
        return stages.stream().anyMatch(BenchmarkStage::trains);
    }

    /** Whether the plan ends with the score stage (which needs Kafka and an MLflow server with a model). */
    boolean scores() {
        return stages.stream().anyMatch(BenchmarkStage::scores);
    }

    /** The names of the stages, as the table and results.json show them. */
    List<String> names() {
        return stages.stream().map(BenchmarkStage::name).toList();
    }

    private static void checkStages(List<String> jobs) {
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("Cannot benchmark no stages: give --stages, e.g. --stages " + String.join(",", PIPELINE));
        }
        for (String job : jobs) {
            if (!PIPELINE.contains(job) && !job.equals(BenchmarkStage.SCORE)) {
                throw new IllegalArgumentException("Cannot benchmark stage '" + job + "': expected one of " + String.join(", ", PIPELINE)
                        + ", " + BenchmarkStage.SCORE);
            }
        }
        int scoreAt = jobs.indexOf(BenchmarkStage.SCORE);
        if (scoreAt >= 0 && scoreAt != jobs.size() - 1) {
            throw new IllegalArgumentException("Cannot benchmark the stages " + String.join(",", jobs) + ": score must come last (once),"
                    + " since it scores with the model the train stage before it registered. E.g. --stages "
                    + String.join(",", PIPELINE) + "," + BenchmarkStage.SCORE + ", or --stages " + BenchmarkStage.SCORE + " alone");
        }
        List<String> dataPath = scoreAt >= 0 ? jobs.subList(0, scoreAt) : jobs;
        if (!dataPath.equals(PIPELINE.subList(0, Math.min(dataPath.size(), PIPELINE.size())))) {
            throw new IllegalArgumentException("Cannot benchmark the stages " + String.join(",", jobs) + ": the benchmark starts from an empty"
                    + " lake, so every stage needs the ones before it, in the order " + String.join(",", PIPELINE)
                    + ". Give a leading part of that list, e.g. --stages " + String.join(",", PIPELINE));
        }
    }

    private static List<Algorithm> algorithms(List<String> names, TaskType task) {
        if (names.isEmpty()) {
            return Arrays.stream(Algorithm.values()).filter(algorithm -> algorithm.supports(task)).toList();
        }
        List<Algorithm> algorithms = new ArrayList<>();
        for (String name : names) {
            Algorithm algorithm = algorithm(name.trim().toLowerCase(Locale.ROOT), task);
            if (algorithms.contains(algorithm)) {
                throw new IllegalArgumentException("Cannot benchmark algorithm '" + name.trim() + "' twice: name it once in --algorithms");
            }
            algorithms.add(algorithm);
        }
        return algorithms;
    }

    private static Algorithm algorithm(String name, TaskType task) {
        String taskName = task.name().toLowerCase(Locale.ROOT);
        for (Algorithm algorithm : Algorithm.values()) {
            if (ConfigReader.kebab(algorithm).equals(name)) {
                if (!algorithm.supports(task)) {
                    throw new IllegalArgumentException("Cannot benchmark algorithm '" + name + "' on the dataset's " + taskName
                            + " task (mlcycle.dataset.task): expected one of " + String.join(",", Algorithm.namesFor(task)));
                }
                return algorithm;
            }
        }
        throw new IllegalArgumentException("Cannot benchmark algorithm '" + name + "': expected one of "
                + String.join(",", Algorithm.namesFor(task)) + " (for a " + taskName + " task)");
    }
}
