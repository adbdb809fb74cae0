package io.mlcycle.platform.delta;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One version of a Delta table as its commit file records it: when, which operation, and what the writing job read
 * ({@code lineage}, parsed from {@code userMetadata}; empty for commits not made by an mlcycle job).
 * {@code table} is the table's absolute local path.
 */
public record DeltaCommit(
        String table,
        long version,
        Instant timestamp,
        String operation,
        Map<String, String> operationParameters,
        Optional<String> userMetadata,
        Optional<Lineage> lineage) {
    public DeltaCommit {
        requireNonNull(table, "table is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(operation, "operation is null");
        operationParameters = Map.copyOf(operationParameters);
        requireNonNull(userMetadata, "userMetadata is null");
        requireNonNull(lineage, "lineage is null");
    }

    /** Whether the job that made this commit read {@code table} (an absolute local path) at {@code version}. */
    public boolean reads(String table, long version) {
        return lineage.stream().flatMap(l -> l.reads().stream())
                .anyMatch(read -> read.version() == version && DeltaCommitLog.sameLocation(read.table(), table));
    }
}
