package io.mlcycle.streaming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * Refuses to start a query whose checkpoint is behind the Delta tables it writes idempotently.
 *
 * <p>Delta skips a write whose {@code txnVersion} (the batch id) is not above the highest one recorded for the
 * {@code txnAppId} (the query name). A deleted or replaced checkpoint starts again at batch 0, so every batch up to
 * the old highest one would be dropped without a word. The checkpoint may be one batch behind a table (a batch written
 * but not marked done before a crash; it is replayed and skipped); more is this mistake.
 *
 * <p>Reads the table's transaction ids through {@link DeltaLog}, Delta's internal API (no public one exposes them).
 */
public final class CheckpointGuard {
    private CheckpointGuard() {}

    public static void requireCheckpointNotBehind(SparkSession spark, String checkpointDir, String applicationId, List<String> tables) {
        long lastCommittedBatch = lastCommittedBatch(spark, checkpointDir);
        for (String table : tables) {
            long tableBatch = lastWrittenBatch(spark, table, applicationId);
            if (tableBatch > lastCommittedBatch + 1) {
                throw new IllegalStateException("Cannot start query " + applicationId + " with checkpoint " + checkpointDir
                        + ": its last finished batch is " + lastCommittedBatch + ", but Delta table " + table + " already holds batch "
                        + tableBatch + " of this query, so Delta would skip the next " + (tableBatch - lastCommittedBatch - 1)
                        + " batches as duplicates. Restore the checkpoint that belongs to the tables, or start with a new query name"
                        + " (mlcycle.scorer.query-name), or with new tables.");
            }
        }
    }

    /** The highest batch id recorded in the checkpoint's commit log; -1 for a new checkpoint. */
    static long lastCommittedBatch(SparkSession spark, String checkpointDir) {
        Path commits = new Path(checkpointDir, "commits");
        try {
            FileSystem fs = commits.getFileSystem(spark.sessionState().newHadoopConf());
            if (!fs.exists(commits)) {
                return -1;
            }
            long last = -1;
            for (FileStatus file : fs.listStatus(commits)) {
                String name = file.getPath().getName();
                if (name.matches("\\d+")) {
                    last = Math.max(last, Long.parseLong(name));
                }
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint's commit log " + commits + ": " + e.getMessage()
                    + ". Check mlcycle.scorer.checkpoint-dir and access to it.", e);
        }
    }

    /** The highest txnVersion {@code applicationId} committed to {@code table}; -1 when none or no table. */
    static long lastWrittenBatch(SparkSession spark, String table, String applicationId) {
        DeltaLog log = DeltaLog.forTable(spark, table);
        Option<Object> version = log.update(false, Option.empty(), Option.empty()).transactions().get(applicationId);
        return version.isDefined() ? (Long) version.get() : -1;
    }
}
