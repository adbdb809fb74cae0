package io.mlcycle.jobs.prepare;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;

/** Everything the prepare job needs, read and validated once. */
public record PrepareJobConfig(SparkSettings spark, LakeSettings lake, DatasetSpec dataset, PrepareSettings prepare) {
    public PrepareJobConfig {
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(prepare, "prepare is null");
    }

    public static PrepareJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        PrepareJobConfig result = new PrepareJobConfig(
                SparkSettings.read(reader), LakeSettings.read(reader, WorkDir.read(reader)), DatasetSpec.read(reader), PrepareSettings.read(reader));
        reader.throwIfInvalid();
        return result;
    }
}
