package io.mlcycle.cli.benchmark;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.TrainSettings.Algorithm;
import java.util.Optional;

/**
 * One measured step of the benchmark: a batch job of the jobs jar, and for the {@code train} job the one algorithm it
 * trains (each algorithm is a spark-submit of its own, so its time and memory are its own); or {@code score}, the
 * streaming scorer over a topic of generated events, measured next to a bare Kafka loop ({@link ScoreBenchmark}).
 */
record BenchmarkStage(String job, Optional<Algorithm> algorithm) {
    static final String TRAIN = "train";
    static final String SCORE = "score";

    BenchmarkStage {
        requireNonNull(job, "job is null");
        requireNonNull(algorithm, "algorithm is null");
        if (job.equals(TRAIN) != algorithm.isPresent()) {
            throw new IllegalArgumentException("Cannot plan stage " + job + " with algorithm " + algorithm
                    + ": the train stage, and only it, names one algorithm");
        }
    }

    static BenchmarkStage job(String job) {
        return new BenchmarkStage(job, Optional.empty());
    }

    static BenchmarkStage train(Algorithm algorithm) {
        return new BenchmarkStage(TRAIN, Optional.of(algorithm));
    }

    /** The name in the table and in results.json: the job, or {@code train:<algorithm>}. */
    String name() {
        return algorithm.map(value -> TRAIN + ":" + ConfigReader.kebab(value)).orElse(job);
    }

    boolean trains() {
        return algorithm.isPresent();
    }

    boolean scores() {
        return job.equals(SCORE);
    }
}
