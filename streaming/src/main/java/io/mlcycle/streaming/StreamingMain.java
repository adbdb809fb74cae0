package io.mlcycle.streaming;

import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigValidationException;
import io.mlcycle.platform.SparkSessions;
import io.mlcycle.platform.kafka.KafkaTopicsException;
import io.mlcycle.platform.mlflow.MlflowModelFiles;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the streaming scorer: {@code spark-submit ... <streaming jar> [score] [--config <file>]} (default
 * {@code conf/local.conf}). Only wires: reads and validates the configuration ({@link ScorerJobConfig}) before anything
 * starts, checks its Kafka topics ({@link ScorerTopics}), then builds the session, the MLflow registry and files, and the
 * query; runs until the query stops or fails.
 * Bad arguments or configuration print the problem and exit with code 2, as the batch jobs do; missing topics or an
 * unreachable broker print the problem and exit with code 1.
 */
public final class StreamingMain {
    /** Exit code of bad arguments or configuration. */
    static final int BAD_CONFIGURATION = 2;
    /** Exit code when the Kafka topics are missing or the brokers do not answer at start-up. */
    static final int TOPICS_NOT_READY = 1;
    private static final String USAGE = "Usage: spark-submit ... <streaming jar> [score] [--config <file>]  (default conf/local.conf)";

    private StreamingMain() {}

    public static void main(String[] args) throws Exception {
        int exitCode = run(args, System.err, StreamingMain::score);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** What runs the scorer once its configuration is valid. */
    @FunctionalInterface
    interface Scorer {
        void run(ScorerJobConfig config) throws Exception;
    }

    /** Reads and validates the configuration named by {@code args} and hands it to {@code scorer}; returns the exit code. */
    static int run(String[] args, PrintStream err, Scorer scorer) throws Exception {
        ScorerJobConfig config;
        try {
            config = ScorerJobConfig.from(ConfigLoader.load(configFile(args)));
        } catch (ConfigValidationException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return BAD_CONFIGURATION;
        }
        try {
            scorer.run(config);
        } catch (KafkaTopicsException e) {
            err.println(e.getMessage());
            return TOPICS_NOT_READY;
        }
        return 0;
    }

    private static void score(ScorerJobConfig config) throws Exception {
        ScorerTopics.ensure(config.kafka(), ScorerTopics.TIMEOUT);
        SparkSession spark = SparkSessions.create(config.scorer().queryName(), config.spark());
        try {
            MlflowRestClient client = MlflowRestClient.create(config.mlflow());
            ChampionModels champions = new ChampionModels(new MlflowModelRegistry(client), new MlflowModelFiles(client),
                    config.mlflow().registeredModel(), config.mlflow().championAlias(), config.scorer().modelCacheDir(),
                    config.dataset().task());
            new ScoringQuery(spark, config.dataset(), config.scorer(), config.monitor(), config.kafka(), config.lake(), champions,
                    new KafkaEventSource(config.kafka(), config.scorer()),
                    new KafkaJsonSink(config.kafka().bootstrapServers(), config.scorer().producerMaxRequestSize())).run();
        } finally {
            spark.stop();
        }
    }

    static Path configFile(String[] args) {
        Path config = ConfigLoader.DEFAULT_CONFIG_FILE;
        int first = args.length > 0 && args[0].equals("score") ? 1 : 0;
        for (int i = first; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                throw new IllegalArgumentException("Cannot start the scorer: unexpected argument '" + args[i] + "'.\n" + USAGE);
            }
        }
        return config;
    }
}
