package io.mlcycle.jobs.ingest;

/**
 * The two points of an ingest run where a crash matters: after a source's new records are planned and read, before
 * their bronze commit; and after that commit, before the run's ingestion-log row. Production runs pass {@link #NONE};
 * the crash tests pass a hook that stops the process there, then kill it.
 */
public interface IngestHook {
    IngestHook NONE = new IngestHook() {};

    default void beforeBronzeCommit(String sourceName) {}

    default void beforeLogRow(String sourceName) {}
}
