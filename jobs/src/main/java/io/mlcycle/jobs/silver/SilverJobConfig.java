package io.mlcycle.jobs.silver;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;

/** Everything the silver job needs, read and validated once. */
public record SilverJobConfig(SparkSettings spark, LakeSettings lake, DatasetSpec dataset) {
    public SilverJobConfig {
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(dataset, "dataset is null");
    }

    public static SilverJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        SilverJobConfig result = new SilverJobConfig(SparkSettings.read(reader), LakeSettings.read(reader, WorkDir.read(reader)), DatasetSpec.read(reader));
        reader.throwIfInvalid();
        return result;
    }
}
