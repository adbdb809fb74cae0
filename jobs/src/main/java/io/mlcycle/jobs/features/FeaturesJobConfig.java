package io.mlcycle.jobs.features;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.MonitorSettings;
import io.mlcycle.common.config.PrepareSettings;
import io.mlcycle.common.config.PrepareSettings.SplitMethod;
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
        if (split.split() == SplitMethod.TIME && !dataset.hasTime()) {
            throw new IllegalArgumentException("Cannot split dataset '" + dataset.name() + "' by time: it has no time column."
                    + " Set mlcycle.dataset.time-column or mlcycle.prepare.split = random (or auto).");
        }
    }

    public static FeaturesJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        var workDir = WorkDir.read(reader);
        SparkSettings spark = SparkSettings.read(reader);
        LakeSettings lake = LakeSettings.read(reader, workDir);
        String profileTable = LakeSettings.table(reader, workDir, "profile-table");
        DatasetSpec dataset = DatasetSpec.read(reader);
        PrepareSettings split = PrepareSettings.read(reader);
        split.checkAgainst(dataset, reader);
        int profileBins = MonitorSettings.read(reader).bins();
        reader.throwIfInvalid();
        return new FeaturesJobConfig(spark, lake, profileTable, dataset, split, profileBins);
    }
}
