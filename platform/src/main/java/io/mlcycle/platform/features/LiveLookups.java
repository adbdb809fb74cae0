package io.mlcycle.platform.features;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.broadcast;

import io.mlcycle.common.dataset.LookupSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dimension tables of the streaming scorer's lookups, kept cached between micro-batches and refreshed when a Delta
 * dimension gets a new version. {@link #current()}, called once per micro-batch, looks up each Delta dimension's latest
 * version ({@link LookupTables#latestVersion}: the commit log's file names, no Spark job) and, when it changed, reads and
 * caches the new version (its keys checked) and unpersists the old one; the next micro-batch joins the new rows, without
 * a restart. Parquet/CSV dimensions have no versions: they are read once, at the first call, and a change to their files
 * needs a restart of the scorer.
 *
 * <p>The rows are joined with a broadcast hint: a dimension is meant to be small (one row per key of a reference table).
 * A new version whose key is not unique fails the call (and so the query), as it fails the features job.
 */
public final class LiveLookups {
    private static final Logger LOG = LoggerFactory.getLogger(LiveLookups.class);

    private final SparkSession spark;
    private final List<LookupSpec> lookups;
    private List<Cached> cached = List.of();

    public LiveLookups(SparkSession spark, List<LookupSpec> lookups) {
        this.spark = requireNonNull(spark, "spark is null");
        this.lookups = List.copyOf(lookups);
    }

    /** The dimensions to join now: the cached ones, each Delta one replaced by its latest version when that changed. */
    public synchronized Dimensions current() {
        List<Cached> next = new ArrayList<>();
        for (int i = 0; i < lookups.size(); i++) {
            LookupSpec lookup = lookups.get(i);
            Cached old = i < cached.size() ? cached.get(i) : null;
            if (old != null && lookup.format() != LookupSpec.Format.DELTA) {
                next.add(old);
                continue;
            }
            OptionalLong latest = LookupTables.latestVersion(spark, lookup);
            if (old != null && old.dimension().version().equals(latest)) {
                next.add(old);
                continue;
            }
            next.add(read(lookup, latest));
            if (old != null) {
                old.persisted().unpersist();
                LOG.info("Lookup {}: {} version {} replaces version {} from this micro-batch on.", lookup.name(), lookup.path(),
                        latest.getAsLong(), old.dimension().version().getAsLong());
            }
        }
        cached = List.copyOf(next);
        return new Dimensions(cached.stream().map(Cached::dimension).toList());
    }

    private Cached read(LookupSpec lookup, OptionalLong version) {
        Dataset<Row> persisted = LookupTables.rows(spark, lookup, version).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            LookupTables.requireUniqueKeys(persisted, lookup); // also fills the cache
        } catch (RuntimeException e) {
            persisted.unpersist();
            throw e;
        }
        return new Cached(new Dimension(lookup, version, broadcast(persisted)), persisted);
    }

    /** The dimension as joined (broadcast hint) and the cached rows under it (what to unpersist). */
    private record Cached(Dimension dimension, Dataset<Row> persisted) {}
}
