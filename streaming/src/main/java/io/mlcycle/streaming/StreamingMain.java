package io.mlcycle.streaming;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigLoader;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.platform.SparkSessions;
import io.mlcycle.platform.mlflow.MlflowModelFiles;
import io.mlcycle.platform.mlflow.MlflowModelRegistry;
import io.mlcycle.platform.mlflow.MlflowRestClient;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the streaming scorer: {@code spark-submit ... <streaming jar> [score] [--config <file>]} (default
 * {@code conf/local.conf}). Only wires: configuration, session, MLflow registry and files, the query; runs until the
 * query stops or fails.
 */
public final class StreamingMain {
    private static final String USAGE = "Usage: spark-submit ... <streaming jar> [score] [--config <file>]  (default conf/local.conf)";

    private StreamingMain() {}

    public static void main(String[] args) throws Exception {
        Config config = ConfigLoader.load(configFile(args));
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        DatasetSpec spec = DatasetSpec.read(reader);
        ScorerSettings scorer = ScorerSettings.read(reader, workDir);
        MonitorSettings monitor = MonitorSettings.read(reader);
        KafkaSettings kafka = KafkaSettings.read(reader);
        LakeSettings lake = LakeSettings.read(reader, workDir);
        MlflowSettings mlflow = MlflowSettings.read(reader);
        SparkSettings sparkSettings = SparkSettings.read(reader);
        reader.throwIfInvalid();

        SparkSession spark = SparkSessions.create(scorer.queryName(), sparkSettings);
        try {
            MlflowRestClient client = MlflowRestClient.create(mlflow);
            ChampionModels champions = new ChampionModels(new MlflowModelRegistry(client), new MlflowModelFiles(client),
                    mlflow.registeredModel(), mlflow.championAlias(), scorer.modelCacheDir(), spec.task());
            new ScoringQuery(spark, spec, scorer, monitor, kafka, lake, champions).run();
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
