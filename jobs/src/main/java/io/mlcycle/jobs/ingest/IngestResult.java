package io.mlcycle.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one ingest run read from one source; one row of the ingestion log.
 *
 * @param description what was read, for people: the path or glob, "topic @ servers", the JDBC relation
 * @param files the files read (file sources), empty otherwise
 * @param offsets the offset ranges read as JSON, e.g. {"topic":{"0":[10,20]}} (Kafka sources; end exclusive), "" otherwise
 * @param watermark the watermark range read, e.g. "(2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z]" (JDBC with a watermark), "" otherwise
 * @param bronzeVersion the bronze version written, or null when nothing new was found
 * @param warnings what the run could not do as asked but went on (e.g. Kafka records deleted by retention before they were read)
 */
public record IngestResult(
        String sourceName,
        String sourceType,
        String description,
        List<String> files,
        String offsets,
        String watermark,
        long rows,
        Long bronzeVersion,
        List<String> warnings) {
    public IngestResult {
        requireNonNull(sourceName, "sourceName is null");
        requireNonNull(sourceType, "sourceType is null");
        requireNonNull(description, "description is null");
        files = List.copyOf(files);
        requireNonNull(offsets, "offsets is null");
        requireNonNull(watermark, "watermark is null");
        warnings = List.copyOf(warnings);
    }

    /** A result without warnings. */
    public IngestResult(String sourceName, String sourceType, String description, List<String> files, String offsets, String watermark, long rows,
            Long bronzeVersion) {
        this(sourceName, sourceType, description, files, offsets, watermark, rows, bronzeVersion, List.of());
    }
}
