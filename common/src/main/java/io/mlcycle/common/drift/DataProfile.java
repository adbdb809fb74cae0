package io.mlcycle.common.drift;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The profile of a set of rows (one split of one feature table version): per column its count, missing values, approximate
 * distinct count, min, max, mean, standard deviation and quantiles, and its histogram: for a numeric column the counts
 * between the {@code bins}-quantile edges, for a categorical one the {@code bins} most frequent categories with their
 * counts, the rest and the missing. The histograms are exactly the bins of the drift reference ({@link ReferenceProfile}),
 * so the profile of the training split is the model's drift reference ({@link ReferenceProfile#fromProfile}).
 *
 * @param bins the histogram bins asked for (a numeric column with few distinct values gets fewer)
 */
public record DataProfile(int bins, List<ColumnProfile> columns) {
    /** Probabilities of the quantiles every numeric column records. */
    public static final List<Double> QUANTILE_PROBABILITIES = List.of(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);

    /** Delta schema of one profile row (one column of one split of one table version). */
    public static final StructType ROW_SCHEMA = new StructType()
            .add("table", DataTypes.StringType, false)
            .add("version", DataTypes.LongType, false)
            .add("split", DataTypes.StringType, false)
            .add("column", DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("rows", DataTypes.LongType, false)
            .add("missing", DataTypes.LongType, false)
            .add("distinct_approx", DataTypes.LongType, false)
            .add("min", DataTypes.DoubleType)
            .add("max", DataTypes.DoubleType)
            .add("mean", DataTypes.DoubleType)
            .add("stddev", DataTypes.DoubleType)
            .add("quantile_probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false))
            .add("quantiles", DataTypes.createArrayType(DataTypes.DoubleType, false))
            .add("bin_edges", DataTypes.createArrayType(DataTypes.DoubleType, false))
            .add("bin_counts", DataTypes.createArrayType(DataTypes.LongType, false))
            .add("top_categories", DataTypes.createArrayType(DataTypes.StringType, false))
            .add("top_category_counts", DataTypes.createArrayType(DataTypes.LongType, false))
            .add("other_count", DataTypes.LongType, false)
            .add("bins", DataTypes.IntegerType, false);

    /**
     * One column's profile. Numeric: {@code binEdges} and {@code binCounts} (one more count than edges, see
     * {@link NumericReference}); categorical: {@code topCategories}, their counts and {@code otherCount}. {@code missing}
     * counts null (and NaN) values. Statistics of a column without a value are null.
     */
    public record ColumnProfile(
            String column,
            Kind kind,
            long rows,
            long missing,
            long distinctApprox,
            Double min,
            Double max,
            Double mean,
            Double stddev,
            List<Double> quantiles,
            List<Double> binEdges,
            List<Long> binCounts,
            List<String> topCategories,
            List<Long> topCategoryCounts,
            long otherCount) {
        public ColumnProfile {
            requireNonNull(column, "column is null");
            requireNonNull(kind, "kind is null");
            quantiles = List.copyOf(quantiles);
            binEdges = List.copyOf(binEdges);
            binCounts = List.copyOf(binCounts);
            topCategories = List.copyOf(topCategories);
            topCategoryCounts = List.copyOf(topCategoryCounts);
        }

        /** The drift reference of this column: the same bins and counts, missing last. */
        FeatureReference toReference() {
            if (kind == Kind.NUMERIC) {
                List<Long> counts = new ArrayList<>(binCounts);
                counts.add(missing);
                return new NumericReference(column, binEdges, counts);
            }
            List<Long> counts = new ArrayList<>(topCategoryCounts);
            counts.add(otherCount);
            counts.add(missing);
            return new CategoricalReference(column, topCategories, counts);
        }
    }

    public enum Kind { NUMERIC, CATEGORICAL }

    public DataProfile {
        columns = List.copyOf(columns);
    }

    public ColumnProfile column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Cannot find column " + name + " in the profile: it has " + columns.stream().map(ColumnProfile::column).toList() + "."));
    }

    /**
     * Profiles {@code rows}: one pass for the statistics, one for the quantiles, and the reference's passes for the
     * histograms ({@link ReferenceProfile#fit}). Cache {@code rows} when they are expensive to compute.
     */
    public static DataProfile compute(Dataset<Row> rows, List<String> numericColumns, List<String> categoricalColumns, int bins) {
        ReferenceProfile reference = ReferenceProfile.fit(rows, numericColumns, categoricalColumns, bins);
        Row stats = rows.agg(count(lit(1)), statistics(numericColumns, categoricalColumns)).head();
        long total = stats.getLong(0);
        double[][] quantiles = quantiles(rows, numericColumns);
        List<ColumnProfile> columns = new ArrayList<>();
        int field = 1;
        for (int i = 0; i < numericColumns.size(); i++, field += 5) {
            NumericReference numeric = (NumericReference) reference.feature(numericColumns.get(i));
            List<Long> counts = numeric.counts();
            columns.add(new ColumnProfile(numeric.feature(), Kind.NUMERIC, total, counts.get(numeric.missingBin()), stats.getLong(field),
                    nullable(stats, field + 1), nullable(stats, field + 2), nullable(stats, field + 3), nullable(stats, field + 4),
                    boxed(quantiles[i]), numeric.edges(), counts.subList(0, numeric.missingBin()), List.of(), List.of(), 0L));
        }
        for (String name : categoricalColumns) {
            CategoricalReference categorical = (CategoricalReference) reference.feature(name);
            List<Long> counts = categorical.counts();
            columns.add(new ColumnProfile(name, Kind.CATEGORICAL, total, counts.get(categorical.missingBin()), stats.getLong(field++),
                    null, null, null, null, List.of(), List.of(), List.of(), categorical.categories(),
                    counts.subList(0, categorical.otherBin()), counts.get(categorical.otherBin())));
        }
        return new DataProfile(bins, columns);
    }

    /** The profile as rows of {@link #ROW_SCHEMA}, keyed by {@code table}, {@code version} and {@code split}. */
    public List<Row> toRows(String table, long version, String split) {
        return columns.stream().map(c -> RowFactory.create(table, version, split, c.column(), c.kind().name().toLowerCase(java.util.Locale.ROOT),
                c.rows(), c.missing(), c.distinctApprox(), c.min(), c.max(), c.mean(), c.stddev(),
                c.kind() == Kind.NUMERIC ? QUANTILE_PROBABILITIES : List.of(), c.quantiles(),
                c.binEdges(), c.binCounts(), c.topCategories(), c.topCategoryCounts(),
                c.otherCount(), bins)).toList();
    }

    /** Reads back the columns of {@link #toRows} rows (of one table version and split), in the given order. */
    public static DataProfile fromRows(List<Row> rows) {
        List<ColumnProfile> columns = new ArrayList<>();
        int bins = rows.isEmpty() ? 0 : rows.get(0).<Integer>getAs("bins");
        for (Row row : rows) {
            columns.add(new ColumnProfile(row.getAs("column"), Kind.valueOf(row.<String>getAs("kind").toUpperCase(java.util.Locale.ROOT)),
                    row.getAs("rows"), row.getAs("missing"), row.getAs("distinct_approx"), row.getAs("min"), row.getAs("max"),
                    row.getAs("mean"), row.getAs("stddev"), row.getList(row.fieldIndex("quantiles")), row.getList(row.fieldIndex("bin_edges")),
                    row.getList(row.fieldIndex("bin_counts")), row.getList(row.fieldIndex("top_categories")),
                    row.getList(row.fieldIndex("top_category_counts")), row.getAs("other_count")));
        }
        return new DataProfile(bins, columns);
    }

    private static Column[] statistics(List<String> numericColumns, List<String> categoricalColumns) {
        List<Column> aggregates = new ArrayList<>();
        for (String name : numericColumns) {
            Column number = ReferenceProfile.column(name).cast(DataTypes.DoubleType);
            Column value = when(number.isNotNull().and(not(isnan(number))), number);
            aggregates.add(approx_count_distinct(value));
            aggregates.add(min(value));
            aggregates.add(max(value));
            aggregates.add(mean(value));
            aggregates.add(stddev_samp(value));
        }
        for (String name : categoricalColumns) {
            aggregates.add(approx_count_distinct(ReferenceProfile.column(name).cast(DataTypes.StringType)));
        }
        return aggregates.toArray(Column[]::new);
    }

    private static double[][] quantiles(Dataset<Row> rows, List<String> numericColumns) {
        if (numericColumns.isEmpty()) {
            return new double[0][];
        }
        String[] aliases = new String[numericColumns.size()];
        Column[] values = new Column[numericColumns.size()];
        for (int i = 0; i < aliases.length; i++) {
            aliases[i] = "q" + i;
            Column number = ReferenceProfile.column(numericColumns.get(i)).cast(DataTypes.DoubleType);
            values[i] = when(not(isnan(number)), number).as(aliases[i]);
        }
        double[] probabilities = QUANTILE_PROBABILITIES.stream().mapToDouble(Double::doubleValue).toArray();
        return ReferenceProfile.approxQuantiles(rows.select(values), aliases, probabilities);
    }

    private static Double nullable(Row row, int field) {
        return row.isNullAt(field) ? null : ((Number) row.get(field)).doubleValue();
    }

    private static List<Double> boxed(double[] values) {
        List<Double> boxed = new ArrayList<>();
        for (double value : values) {
            boxed.add(value);
        }
        return boxed;
    }
}
