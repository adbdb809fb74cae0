package io.mlcycle.jobs.retrain;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.EvaluationSettings;
import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.RetrainSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;

/** Everything the retrain job needs, read and validated once. */
public record RetrainJobConfig(
        Path workDir,
        SparkSettings spark,
        LakeSettings lake,
        DatasetSpec dataset,
        KafkaSettings kafka,
        MlflowSettings mlflow,
        TrainSettings train,
        RetrainSettings retrain,
        EvaluationSettings evaluation,
        GateSettings gate,
        MonitorSettings monitor,
        ScorerSettings scorer) {
    public RetrainJobConfig {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(kafka, "kafka is null");
        requireNonNull(mlflow, "mlflow is null");
        requireNonNull(train, "train is null");
        requireNonNull(retrain, "retrain is null");
        requireNonNull(evaluation, "evaluation is null");
        requireNonNull(gate, "gate is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(scorer, "scorer is null");
    }

    public static RetrainJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        RetrainJobConfig result = new RetrainJobConfig(workDir, SparkSettings.read(reader), LakeSettings.read(reader, workDir),
                DatasetSpec.read(reader), KafkaSettings.read(reader), MlflowSettings.read(reader), TrainSettings.read(reader),
                RetrainSettings.read(reader), EvaluationSettings.read(reader), GateSettings.read(reader), MonitorSettings.read(reader),
                ScorerSettings.read(reader, workDir));
        reader.throwIfInvalid();
        return result;
    }
}
