package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Locations of mlcycle's Delta tables: absolute paths, or URIs such as s3a://bucket/lake/... */
public record LakeSettings(
        String bronzeTable,
        String featuresTable,
        String predictionsTable,
        String deadLetterTable,
        String driftTable,
        String alertsTable,
        String driftCountsTable,
        String ingestionLogTable) {
    public LakeSettings {
        requireNonNull(bronzeTable, "bronzeTable is null");
        requireNonNull(featuresTable, "featuresTable is null");
        requireNonNull(predictionsTable, "predictionsTable is null");
        requireNonNull(deadLetterTable, "deadLetterTable is null");
        requireNonNull(driftTable, "driftTable is null");
        requireNonNull(alertsTable, "alertsTable is null");
        requireNonNull(driftCountsTable, "driftCountsTable is null");
        requireNonNull(ingestionLogTable, "ingestionLogTable is null");
    }

    public static LakeSettings read(ConfigReader reader, Path workDir) {
        String root = reader.location("mlcycle.lake.root", workDir);
        return new LakeSettings(
                table(reader, root, "bronze-table"),
                table(reader, root, "features-table"),
                table(reader, root, "predictions-table"),
                table(reader, root, "dead-letter-table"),
                table(reader, root, "drift-table"),
                table(reader, root, "alerts-table"),
                table(reader, root, "drift-counts-table"),
                table(reader, root, "ingestion-log-table"));
    }

    private static String table(ConfigReader reader, String root, String name) {
        String relative = reader.nonBlankString("mlcycle.lake." + name);
        return root.endsWith("/") ? root + relative : root + "/" + relative;
    }
}
