package io.mlcycle.platform.delta;

import static java.util.Objects.requireNonNull;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Appends a micro-batch's rows to a Delta table at most once per (application id, batch id).
 *
 * <p>Delta records the highest {@code txnVersion} committed for each {@code txnAppId} in the table's log and skips a
 * write whose version is not higher. With the query name as application id and the micro-batch id as version, a batch
 * replayed after a crash (Spark re-runs the last batch it had not marked done) does not append twice. Consequences:
 * each table may be written only once per micro-batch, and a new checkpoint (batch ids start again at 0) needs a new
 * query name, or its writes are skipped until the batch ids pass the old ones.
 */
public final class IdempotentDeltaAppend {
    private final String applicationId;

    public IdempotentDeltaAppend(String applicationId) {
        this.applicationId = requireNonNull(applicationId, "applicationId is null");
    }

    public void append(Dataset<Row> rows, String tablePath, long batchId) {
        append(rows, tablePath, batchId, null);
    }

    /** As {@link #append(Dataset, String, long)}, with {@code userMetadata} (lineage JSON) stored in the commit; null for none. */
    public void append(Dataset<Row> rows, String tablePath, long batchId, String userMetadata) {
        writer(rows, batchId, userMetadata).save(tablePath);
    }

    /**
     * As {@link #append(Dataset, String, long, String)}, adding the columns the table does not have yet (Delta's
     * {@code mergeSchema}): for the scorer's outputs (predictions, dead letters), whose records gain fields between
     * mlcycle versions, so that a table written by an earlier version never stops the stream.
     */
    public void appendAddingColumns(Dataset<Row> rows, String tablePath, long batchId, String userMetadata) {
        writer(rows, batchId, userMetadata).option("mergeSchema", "true").save(tablePath);
    }

    private DataFrameWriter<Row> writer(Dataset<Row> rows, long batchId, String userMetadata) {
        DataFrameWriter<Row> writer = rows.write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("txnAppId", applicationId)
                .option("txnVersion", batchId);
        return userMetadata == null ? writer : writer.option("userMetadata", userMetadata);
    }
}
