package io.mlcycle.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Locations of mlcycle's Delta tables: absolute paths, or URIs such as s3a://bucket/lake/... */
public record LakeSettings(
        String bronzeDir,
        String silverTable,
        String quarantineTable,
        String featuresTable,
        String predictionsTable,
        String deadLetterTable,
        String driftTable,
        String alertsTable,
        String driftCountsTable,
        String ingestionLogTable) {
    public LakeSettings {
        requireNonNull(bronzeDir, "bronzeDir is null");
        requireNonNull(silverTable, "silverTable is null");
        requireNonNull(quarantineTable, "quarantineTable is null");
        requireNonNull(featuresTable, "featuresTable is null");
        requireNonNull(predictionsTable, "predictionsTable is null");
        requireNonNull(deadLetterTable, "deadLetterTable is null");
        requireNonNull(driftTable, "driftTable is null");
        requireNonNull(alertsTable, "alertsTable is null");
        requireNonNull(driftCountsTable, "driftCountsTable is null");
        requireNonNull(ingestionLogTable, "ingestionLogTable is null");
    }

    /** The bronze table of one source of the dataset: {@code <bronze-dir>/<source name>}. */
    public String bronzeTable(String sourceName) {
        return bronzeDir + "/" + sourceName;
    }

    public static LakeSettings read(ConfigReader reader, Path workDir) {
        String root = reader.location("mlcycle.lake.root", workDir);
        return new LakeSettings(
                table(reader, root, "bronze-dir"),
                table(reader, root, "silver-table"),
                table(reader, root, "quarantine-table"),
                table(reader, root, "features-table"),
                table(reader, root, "predictions-table"),
                table(reader, root, "dead-letter-table"),
                table(reader, root, "drift-table"),
                table(reader, root, "alerts-table"),
                table(reader, root, "drift-counts-table"),
                table(reader, root, "ingestion-log-table"));
    }

    /**
     * The location of table key {@code mlcycle.lake.<name>} under {@code mlcycle.lake.root}, for tables only some jobs use
     * (such as {@code profile-table}).
     */
    public static String table(ConfigReader reader, Path workDir, String name) {
        return table(reader, reader.location("mlcycle.lake.root", workDir), name);
    }

    private static String table(ConfigReader reader, String root, String name) {
        String relative = reader.nonBlankString("mlcycle.lake." + name);
        return root.endsWith("/") ? root + relative : root + "/" + relative;
    }
}
