package io.mlcycle.jobs.features;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;

/**
 * Everything the features job needs, read and validated once.
 *
 * @param profileTable the Delta table of data profiles ({@code mlcycle.lake.profile-table})
 * @param profileBins bins of each column's histogram: the drift monitor's ({@code mlcycle.monitor.bins}), so that the
 *     training split's profile is the drift reference
 */
public record FeaturesJobConfig(SparkSettings spark, LakeSettings lake, String profileTable, DatasetSpec dataset, PrepareSettings split,
        int profileBins) {
    public FeaturesJobConfig {
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(profileTable, "profileTable is null");
        requireNonNull(dataset, "dataset is null");
        requireNonNull(split, "split is null");
    }

    public static FeaturesJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        var workDir = WorkDir.read(reader);
        FeaturesJobConfig result = new FeaturesJobConfig(SparkSettings.read(reader), LakeSettings.read(reader, workDir),
                LakeSettings.table(reader, workDir, "profile-table"), DatasetSpec.read(reader), PrepareSettings.read(reader),
                MonitorSettings.read(reader).bins());
        reader.throwIfInvalid();
        return result;
    }
}
