package io.mlcycle.streaming;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;

/** Everything the streaming scorer needs, read and validated once, before a session or a client is made. */
public record ScorerJobConfig(
        Path workDir,
        SparkSettings spark,
        DatasetSpec dataset,
        ScorerSettings scorer,
        MonitorSettings monitor,
        KafkaSettings kafka,
        LakeSettings lake,
        MlflowSettings mlflow) {
    public ScorerJobConfig {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(scorer, "scorer is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(kafka, "kafka is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(mlflow, "mlflow is null");
    }

    /** Reads every key the scorer uses; throws a {@link io.mlcycle.common.config.ConfigValidationException} naming all wrong keys. */
    public static ScorerJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        ScorerJobConfig result = new ScorerJobConfig(workDir, SparkSettings.read(reader), DatasetSpec.read(reader),
                ScorerSettings.read(reader, workDir), MonitorSettings.read(reader), KafkaSettings.read(reader),
                LakeSettings.read(reader, workDir), MlflowSettings.read(reader));
        reader.throwIfInvalid();
        return result;
    }
}
