package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** File ingestion into the bronze table. */
public record IngestSettings(String sourceDir, String nullValue) {
    public IngestSettings {
        requireNonNull(sourceDir, "sourceDir is null");
        requireNonNull(nullValue, "nullValue is null");
    }

    public static IngestSettings read(ConfigReader reader, Path workDir) {
        return new IngestSettings(reader.location("mlcycle.ingest.source-dir", workDir), reader.string("mlcycle.ingest.null-value"));
    }
}
