package io.mlcycle.jobs.features;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.drift.DataProfile;
import io.mlcycle.common.drift.ReferenceProfile;
import io.mlcycle.platform.delta.DeltaTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Delta table of data profiles: one row per feature table, version, split and column ({@link DataProfile#ROW_SCHEMA}). */
public final class ProfileTable {
    private ProfileTable() {}

    public static void append(SparkSession spark, String profileTable, DataProfile profile, String table, long version, String split) {
        Dataset<Row> rows = spark.createDataFrame(profile.toRows(table, version, split), DataProfile.ROW_SCHEMA);
        DeltaTables.append(rows, profileTable, "{\"job\":\"features\",\"table\":\"" + table + "\",\"version\":" + version
                + ",\"split\":\"" + split + "\"}");
    }

    /** The profile rows of one version and split of a feature table (empty when the profile table does not exist). */
    public static List<Row> rows(SparkSession spark, String profileTable, String table, long version, String split) {
        if (!DeltaTables.exists(spark, profileTable)) {
            return List.of();
        }
        return DeltaTables.read(spark, profileTable, DeltaTables.latestVersion(spark, profileTable))
                .where(col("table").equalTo(table).and(col("version").equalTo(version)).and(col("split").equalTo(split)))
                .collectAsList();
    }

    /**
     * The drift reference of the given columns from the stored profile of a version's training split, when every column
     * was profiled with {@code bins} bins; empty otherwise (a table written before profiles, or other bins).
     */
    public static Optional<ReferenceProfile> reference(SparkSession spark, String profileTable, String table, long version,
            List<String> numericColumns, List<String> categoricalColumns, int bins) {
        List<Row> stored = rows(spark, profileTable, table, version, FeatureSplits.TRAIN);
        List<Row> ordered = new ArrayList<>();
        List<String> columns = new ArrayList<>(numericColumns);
        columns.addAll(categoricalColumns);
        for (String column : columns) {
            Optional<Row> row = stored.stream().filter(r -> r.getAs("column").equals(column) && r.<Integer>getAs("bins") == bins).findFirst();
            if (row.isEmpty()) {
                return Optional.empty();
            }
            ordered.add(row.get());
        }
        return Optional.of(ReferenceProfile.fromProfile(DataProfile.fromRows(ordered)));
    }
}
