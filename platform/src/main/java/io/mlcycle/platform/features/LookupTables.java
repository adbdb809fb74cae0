package io.mlcycle.platform.features;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.dataset.LookupSpec;
import io.mlcycle.common.features.Lookups;
import io.mlcycle.platform.delta.DeltaCommitLog;
import io.mlcycle.platform.delta.DeltaTables;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the dimension tables of the dataset's lookups ({@code mlcycle.dataset.features.lookups}), each as it is now: a
 * Delta table at its latest version, or Parquet/CSV files. The features job, the batch scoring job and the streaming
 * scorer ({@link LiveLookups}) all join through here ({@link Dimensions#join}, {@link Lookups#join}), so they compute the
 * same looked-up columns from the same tables.
 */
public final class LookupTables {
    private LookupTables() {}

    /** Every lookup's dimension as it is now; fails when a dimension's key is not unique. */
    public static Dimensions read(SparkSession spark, List<LookupSpec> lookups) {
        return new Dimensions(lookups.stream().map(lookup -> {
            OptionalLong version = latestVersion(spark, lookup);
            Dataset<Row> rows = rows(spark, lookup, version);
            requireUniqueKeys(rows, lookup);
            return new Dimension(lookup, version, rows);
        }).toList());
    }

    /**
     * The latest version of a Delta dimension, empty for Parquet/CSV. A local table's is read from its commit log's file
     * names ({@link DeltaCommitLog}: a folder listing, a few milliseconds), so the scorer can ask every micro-batch; other
     * locations go through Delta's history (a Spark job).
     */
    static OptionalLong latestVersion(SparkSession spark, LookupSpec lookup) {
        if (lookup.format() != LookupSpec.Format.DELTA) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(isLocal(lookup.path())
                ? DeltaCommitLog.open(lookup.path()).latestVersion()
                : DeltaTables.latestVersion(spark, lookup.path()));
    }

    /** The dimension's rows: the Delta table at {@code version}, or the files as they are now. */
    static Dataset<Row> rows(SparkSession spark, LookupSpec lookup, OptionalLong version) {
        return switch (lookup.format()) {
            case DELTA -> DeltaTables.read(spark, lookup.path(), version.orElseThrow());
            case PARQUET -> spark.read().parquet(lookup.path());
            case CSV -> spark.read().option("header", "true").option("inferSchema", "true").csv(lookup.path());
        };
    }

    static void requireUniqueKeys(Dataset<Row> dimension, LookupSpec lookup) {
        List<Row> duplicated = dimension.groupBy(col(lookup.lookupKey())).count().filter(col("count").gt(1)).limit(3).collectAsList();
        if (!duplicated.isEmpty()) {
            throw new IllegalArgumentException("Cannot join lookup " + lookup.name() + " (" + lookup.path() + "): key " + lookup.lookupKey()
                    + " is not unique, e.g. " + duplicated.stream().map(r -> r.get(0) + " (" + r.getLong(1) + " rows)").toList()
                    + ". A lookup table must hold one row per key; deduplicate it or choose another lookup-key.");
        }
    }

    private static boolean isLocal(String path) {
        return path.startsWith("file:") || !path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
    }
}
