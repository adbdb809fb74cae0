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

    /** Every bronze table has these. */
    public static final List<String> ALL = List.of(SOURCE, ORIGIN, INGESTED_AT, INGEST_RUN, CORRUPT_RECORD);

    /** File sources: the size in bytes of the file the row came from, as it was when read. */
    public static final String FILE_SIZE = "_file_size";
    /** File sources: the modification time of the file the row came from, as it was when read. */
    public static final String FILE_MODIFIED_AT = "_file_modified_at";
    /** File sources' extra metadata columns; with {@link #ORIGIN} they tell which file versions bronze holds. */
    public static final List<String> FILE = List.of(FILE_SIZE, FILE_MODIFIED_AT);

    /** Kafka sources: the record's key as text (null without a key). */
    public static final String KAFKA_KEY = "_kafka_key";
    public static final String KAFKA_TOPIC = "_kafka_topic";
    public static final String KAFKA_PARTITION = "_kafka_partition";
    /** Kafka sources: the record's offset; the largest per partition is where the next run starts after. */
    public static final String KAFKA_OFFSET = "_kafka_offset";
    public static final String KAFKA_TIMESTAMP = "_kafka_timestamp";
    /** Kafka sources' extra metadata columns. */
    public static final List<String> KAFKA = List.of(KAFKA_KEY, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP);

    private BronzeColumns() {}

    /** Whether {@code column} is a metadata column (of any source kind) rather than one of the source's own. */
    public static boolean isMetadata(String column) {
        return column.startsWith("_");
    }
}
