package io.mlcycle.jobs.generate;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.GeneratorSettings;
import io.mlcycle.common.config.KafkaSettings;
import io.mlcycle.common.config.SparkSettings;
import io.mlcycle.common.config.WorkDir;

/** Everything the generate job needs, read and validated once. */
public record GenerateJobConfig(SparkSettings spark, GeneratorSettings generator, KafkaSettings kafka) {
    public GenerateJobConfig {
        requireNonNull(spark, "spark is null");
        requireNonNull(generator, "generator is null");
        requireNonNull(kafka, "kafka is null");
    }

    public static GenerateJobConfig from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        GenerateJobConfig result = new GenerateJobConfig(SparkSettings.read(reader), GeneratorSettings.read(reader, WorkDir.read(reader)),
                KafkaSettings.read(reader));
        reader.throwIfInvalid();
        return result;
    }
}
