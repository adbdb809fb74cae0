package io.mlcycle.jobs.ingest;

import java.util.List;

/**
 * The metadata columns every bronze table has next to the source's raw columns. The raw columns keep the values as
 * the source delivered them (text for CSV and JSON, the source's own types for Parquet and JDBC); the silver step
 * casts them to the dataset schema. Names start with '_' so they cannot clash with a dataset's columns.
 */
public final class BronzeColumns {
    /** The source's name in the dataset spec. */
    public static final String SOURCE = "_source";
    /** Where exactly the row came from: a file path, "topic/partition/offset", or the JDBC relation. */
    public static final String ORIGIN = "_origin";
    /** When the ingest run read it. */
    public static final String INGESTED_AT = "_ingested_at";
    /** The ingest run that wrote it (also in the ingestion log). */
    public static final String INGEST_RUN = "_ingest_run_id";
    /** The raw record text when the source could not split it into columns (malformed CSV line, invalid JSON), else null. */
    public static final String CORRUPT_RECORD = "_corrupt_record";

    public static final List<String> ALL = List.of(SOURCE, ORIGIN, INGESTED_AT, INGEST_RUN, CORRUPT_RECORD);

    private BronzeColumns() {}
}
