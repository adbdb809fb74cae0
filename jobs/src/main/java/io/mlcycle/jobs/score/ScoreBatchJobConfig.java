package io.mlcycle.jobs.score;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MlflowSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;

/**
 * Everything the batch scoring job needs, read and validated once: the dataset, the lake (the silver table is scored
 * unless another table is named), the table the predictions go to ({@code mlcycle.lake.batch-predictions-table}), the
 * registered model and its champion alias, and the local model cache ({@code mlcycle.scorer.model-cache-dir}, shared
 * with the streaming scorer).
 */
public record ScoreBatchJobConfig(Path workDir, SparkSettings spark, LakeSettings lake, DatasetSpec dataset, MlflowSettings mlflow,
                                  String batchPredictionsTable, Path modelCacheDir) {
    public ScoreBatchJobConfig {
        requireNonNull(workDir, "workDir is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(mlflow, "mlflow is null");
        requireNonNull(batchPredictionsTable, "batchPredictionsTable is null");
        requireNonNull(modelCacheDir, "modelCacheDir is null");
    }

    public static ScoreBatchJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        ScoreBatchJobConfig result = new ScoreBatchJobConfig(workDir, SparkSettings.read(reader), LakeSettings.read(reader, workDir),
                DatasetSpec.read(reader), MlflowSettings.read(reader), LakeSettings.table(reader, workDir, "batch-predictions-table"),
                reader.path("mlcycle.scorer.model-cache-dir", workDir));
        reader.throwIfInvalid();
        return result;
    }
}
