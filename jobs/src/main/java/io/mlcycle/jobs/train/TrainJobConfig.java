package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.EvaluationSettings;
import io.mlcycle.common.config.GateSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.TrainSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;

/**
 * Everything the train job needs, read and validated once.
 *
 * @param profileTable the data profiles of the feature table versions ({@code mlcycle.lake.profile-table}): the drift reference
 * @param source the whole config these were read from (recorded with each run, secrets redacted)
 */
public record TrainJobConfig(Path workDir, SparkSettings spark, LakeSettings lake, String profileTable, DatasetSpec dataset, MlflowSettings mlflow,
        TrainSettings train, EvaluationSettings evaluation, GateSettings gate, MonitorSettings monitor, ScorerSettings scorer, Config source) {
    public TrainJobConfig {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(profileTable, "profileTable is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(mlflow, "mlflow is null");
        requireNonNull(train, "train is null");
        requireNonNull(monitor, "monitor is null");
        requireNonNull(scorer, "scorer is null");
        requireNonNull(evaluation, "evaluation is null");
        requireNonNull(gate, "gate is null");
        requireNonNull(source, "source is null");
    }

    public static TrainJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        TrainJobConfig result = new TrainJobConfig(workDir, SparkSettings.read(reader), LakeSettings.read(reader, workDir),
                LakeSettings.table(reader, workDir, "profile-table"),
                DatasetSpec.read(reader), MlflowSettings.read(reader), TrainSettings.read(reader), EvaluationSettings.read(reader), GateSettings.read(reader), MonitorSettings.read(reader),
                ScorerSettings.read(reader, workDir), config);
        result.train().checkAgainst(result.dataset().task(), reader);
        result.evaluation().checkAgainst(result.dataset(), reader);
        result.gate().checkAgainst(result.dataset().task(), reader);
        reader.throwIfInvalid();
        return result;
    }
}
