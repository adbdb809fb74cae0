package io.mlcycle.jobs;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigValidationException;
import io.mlcycle.jobs.features.FeaturesJob;
import io.mlcycle.jobs.features.FeaturesJobConfig;
import io.mlcycle.jobs.generate.GenerateJob;
import io.mlcycle.jobs.generate.GenerateJobConfig;
import io.mlcycle.jobs.ingest.IngestJob;
import io.mlcycle.jobs.ingest.IngestJobConfig;
import io.mlcycle.jobs.retrain.RetrainJob;
import io.mlcycle.jobs.retrain.RetrainJobConfig;
import io.mlcycle.jobs.score.ScoreBatchJob;
import io.mlcycle.jobs.score.ScoreBatchJobConfig;
import io.mlcycle.jobs.silver.SilverJob;
import io.mlcycle.jobs.silver.SilverJobConfig;
import io.mlcycle.jobs.summary.SummaryJob;
import io.mlcycle.jobs.summary.SummaryJobConfig;
import io.mlcycle.jobs.train.ModelPublisher;
import io.mlcycle.jobs.train.Reproduction;
import io.mlcycle.jobs.train.TrainJob;
import io.mlcycle.jobs.train.TrainJobConfig;
import io.mlcycle.platform.SparkSessions;
import io.mlcycle.platform.mlflow.MlflowModelFiles;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import io.mlcycle.platform.mlflow.MlflowTracker;
import io.mlcycle.platform.model.ModelCache;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of the jobs jar under spark-submit: {@code JobMain <job> --config <file>}.
 * It only wires: reads and validates the job's config (before anything is written), builds the session,
 * constructs the job with its collaborators, runs it, and stops the session.
 */
public final class JobMain {
    static final List<String> JOBS = List.of("generate", "ingest", "silver", "features", "train", "retrain", "score-batch", "summary");

    private JobMain() {}

    public static void main(String[] args) {
        try {
            JobArguments arguments = JobArguments.parse(args, JOBS);
            System.exit(run(arguments, ConfigLoader.load(arguments.configFile())));
        } catch (ConfigValidationException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    static int run(JobArguments arguments, Config config) {
        String job = arguments.job();
        switch (job) {
            case "generate" -> {
                GenerateJobConfig c = GenerateJobConfig.from(config);
                withSpark("generate", c.spark(), spark -> new GenerateJob(spark, c.generator(), c.kafka()));
            }
            case "ingest" -> {
                IngestJobConfig c = IngestJobConfig.from(config);
                withSpark("ingest", c.spark(), spark -> new IngestJob(spark, c.dataset(), c.lake(), arguments.source()));
            }
            case "features" -> {
                FeaturesJobConfig c = FeaturesJobConfig.from(config);
                withSpark("features", c.spark(), spark -> new FeaturesJob(spark, c));
            }
            case "silver" -> {
                SilverJobConfig c = SilverJobConfig.from(config);
                withSpark("silver", c.spark(), spark -> new SilverJob(spark, c.lake(), c.dataset()));
            }
            case "train" -> {
                return train(arguments, config);
            }
            case "retrain" -> {
                RetrainJobConfig c = RetrainJobConfig.from(config);
                MlflowRestClient mlflow = MlflowRestClient.create(c.mlflow());
                MlflowTracker tracker = new MlflowTracker(mlflow);
                MlflowModelRegistry registry = new MlflowModelRegistry(mlflow);
                ModelPublisher publisher = new ModelPublisher(tracker, registry, scratch(c.workDir()));
                withSpark("retrain", c.spark(),
                        spark -> new RetrainJob(spark, c, tracker, registry, new MlflowModelFiles(mlflow), publisher));
            }
            case "score-batch" -> {
                ScoreBatchJobConfig c = ScoreBatchJobConfig.from(config);
                MlflowRestClient mlflow = MlflowRestClient.create(c.mlflow());
                ModelCache cache = new ModelCache(new MlflowModelFiles(mlflow), c.modelCacheDir());
                withSpark("score-batch", c.spark(),
                        spark -> new ScoreBatchJob(spark, c, new MlflowModelRegistry(mlflow), cache, arguments.scoring()));
            }
            case "summary" -> {
                SummaryJobConfig c = SummaryJobConfig.from(config);
                MlflowRestClient mlflow = MlflowRestClient.create(c.mlflow());
                withSpark("summary", c.spark(), spark -> new SummaryJob(spark, c, new MlflowModelRegistry(mlflow), mlflow, System.out));
            }
            default -> throw new IllegalArgumentException("Cannot run job '" + job + "': unknown job. Jobs: " + JOBS);
        }
        return 0;
    }

    /** Trains; with {@code --reproduce}, trains again from what that run recorded and exits 1 when a test metric differs. */
    private static int train(JobArguments arguments, Config config) {
        TrainJobConfig current = TrainJobConfig.from(config);
        MlflowRestClient mlflow = MlflowRestClient.create(current.mlflow());
        MlflowTracker tracker = new MlflowTracker(mlflow);
        ModelPublisher publisher = new ModelPublisher(tracker, new MlflowModelRegistry(mlflow), scratch(current.workDir()));
        if (arguments.reproduce().isEmpty()) {
            TrainJob.Options options = new TrainJob.Options(arguments.dataVersion(), java.util.Optional.empty());
            withSpark("train", current.spark(), spark -> new TrainJob(spark, current, tracker, publisher, new MlflowModelFiles(mlflow), options));
            return 0;
        }
        String runId = arguments.reproduce().get();
        Reproduction.Outcome[] outcome = new Reproduction.Outcome[1];
        withSpark("train", current.spark(), spark -> () -> outcome[0] = Reproduction.run(spark, config, runId, mlflow, scratch(current.workDir())));
        System.out.print(Reproduction.describe(outcome[0].pairs()));
        System.out.println(outcome[0].summary());
        return outcome[0].reproduced() ? 0 : 1;
    }

    private static Path scratch(Path workDir) {
        return workDir.resolve("tmp").resolve("model-packages");
    }

    private static void withSpark(String name, io.mlcycle.common.config.SparkSettings settings, Function<SparkSession, Job> job) {
        SparkSession spark = SparkSessions.create("mlcycle-" + name, settings);
        try {
            job.apply(spark).run();
        } finally {
            spark.stop();
        }
    }
}
