package io.mlcycle.jobs.features;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.LookupSpec;
import io.mlcycle.common.features.Lookups;
import io.mlcycle.platform.delta.DeltaTables;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The dataset's lookups ({@code mlcycle.dataset.features.lookups}) joined onto rows, each from its dimension table as it
 * is now (a Delta table at its latest version, or Parquet/CSV files). The features job and the batch scoring job both
 * join through here, so the two compute the same looked-up columns.
 */
public final class LookupTables {
    private LookupTables() {}

    /** {@code rows} with every lookup's columns joined ({@link Lookups#join}); fails when a dimension's key is not unique. */
    public static Dataset<Row> join(SparkSession spark, Dataset<Row> rows, DatasetSpec spec) {
        Dataset<Row> result = rows;
        for (LookupSpec lookup : spec.featureSpec().lookups()) {
            Dataset<Row> dimension = read(spark, lookup);
            requireUniqueKeys(dimension, lookup);
            result = Lookups.join(result, dimension, lookup);
        }
        return result;
    }

    private static Dataset<Row> read(SparkSession spark, LookupSpec lookup) {
        return switch (lookup.format()) {
            case DELTA -> DeltaTables.read(spark, lookup.path(), DeltaTables.latestVersion(spark, lookup.path()));
            case PARQUET -> spark.read().parquet(lookup.path());
            case CSV -> spark.read().option("header", "true").option("inferSchema", "true").csv(lookup.path());
        };
    }

    private static void requireUniqueKeys(Dataset<Row> dimension, LookupSpec lookup) {
        List<Row> duplicated = dimension.groupBy(col(lookup.lookupKey())).count().filter(col("count").gt(1)).limit(3).collectAsList();
        if (!duplicated.isEmpty()) {
            throw new IllegalArgumentException("Cannot join lookup " + lookup.name() + " (" + lookup.path() + "): key " + lookup.lookupKey()
                    + " is not unique, e.g. " + duplicated.stream().map(r -> r.get(0) + " (" + r.getLong(1) + " rows)").toList()
                    + ". A lookup table must hold one row per key; deduplicate it or choose another lookup-key.");
        }
    }
}
