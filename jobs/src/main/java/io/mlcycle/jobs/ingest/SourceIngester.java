package io.mlcycle.jobs.ingest;

import org.apache.spark.sql.SparkSession;

/**
 * Reads what is new in one source into that source's bronze table, idempotently: running it twice adds nothing the
 * second time. What counts as new (files not seen, offsets after the committed ones, rows past the watermark) is
 * derived from the bronze table itself, which is written in one Delta commit with the data: a crash before that commit
 * leaves nothing behind, a crash after it leaves the data and its bookmark together.
 */
public interface SourceIngester {
    /** Ingests the new records of the source into {@code bronzeTable} and says what it read; never throws for "nothing new". */
    IngestResult ingest(SparkSession spark, String bronzeTable, String runId);
}
