package io.mlcycle.jobs.ingest;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.DatasetSpec;
import java.nio.file.Path;

/** Everything the ingest job needs, read and validated once: the dataset's sources and schema, the lake, Spark. */
public record IngestJobConfig(SparkSettings spark, LakeSettings lake, DatasetSpec dataset) {
    public IngestJobConfig {
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(dataset, "dataset is null");
    }

    public static IngestJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        IngestJobConfig result = new IngestJobConfig(SparkSettings.read(reader), LakeSettings.read(reader, workDir), DatasetSpec.read(reader));
        reader.throwIfInvalid();
        return result;
    }
}
