package io.mlcycle.jobs.summary;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;

/** Everything the summary job needs, read and validated once. */
public record SummaryJobConfig(Path workDir, SparkSettings spark, LakeSettings lake, DatasetSpec dataset, MlflowSettings mlflow) {
    public SummaryJobConfig {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(mlflow, "mlflow is null");
    }

    public static SummaryJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        SummaryJobConfig result = new SummaryJobConfig(workDir, SparkSettings.read(reader), LakeSettings.read(reader, workDir),
                DatasetSpec.read(reader), MlflowSettings.read(reader));
        reader.throwIfInvalid();
        return result;
    }
}
