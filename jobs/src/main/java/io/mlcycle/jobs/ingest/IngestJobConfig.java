package io.mlcycle.jobs.ingest;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.IngestSettings;
import io.mlcycle.common.config.LakeSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;
import java.nio.file.Path;

/** Everything the ingest job needs, read and validated once. */
public record IngestJobConfig(SparkSettings spark, LakeSettings lake, IngestSettings ingest) {
    public IngestJobConfig {
        requireNonNull(spark, "spark is null");
        requireNonNull(lake, "lake is null");
        requireNonNull(ingest, "ingest is null");
    }

    public static IngestJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        Path workDir = WorkDir.read(reader);
        IngestJobConfig result = new IngestJobConfig(SparkSettings.read(reader), LakeSettings.read(reader, workDir), IngestSettings.read(reader, workDir));
        reader.throwIfInvalid();
        return result;
    }
}
