package io.mlcycle.common.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The training distribution of every monitored feature, against which live windows are compared with
 * {@link Psi}. Numeric features are binned at approximate quantiles of the training data
 * ({@link NumericReference}), categorical ones by their most frequent categories ({@link CategoricalReference}).
 *
 * <p>The training job fits it ({@link #fit}) and stores it as {@code drift_reference.json} next to the model
 * ({@link #toJson}); the streaming monitor reads it back ({@link #fromJson}) and bins live events with the same
 * column expressions ({@link #featureBins}) that counted the reference.
 *
 * <p>JSON format (version 1):
 * <pre>{@code
 * {"format_version": 1,
 *  "features": [
 *    {"feature": "amount", "kind": "numeric", "edges": [100.0, 250.5], "counts": [3, 5, 2, 1]},
 *    {"feature": "channel", "kind": "categorical", "categories": ["web", "branch"], "counts": [6, 3, 1, 1]}]}
 * }</pre>
 * {@code counts} has one entry per bin, the missing-value bin last (see the two reference types).
 */
public record ReferenceProfile(List<FeatureReference> features) {
    /** Name of the feature field in the structs of {@link #featureBins()}. */
    public static final String FEATURE = "feature";
    /** Name of the bin index field in the structs of {@link #featureBins()}. */
    public static final String BIN = "bin";
    public static final int FORMAT_VERSION = 1;
    /** Relative error of the quantiles that place numeric bin edges (Spark's approxQuantile). */
    public static final double QUANTILE_RELATIVE_ERROR = 0.001;

    private static final ObjectMapper JSON = new ObjectMapper();

    public ReferenceProfile {
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("Cannot use a reference profile without features: at least one feature is needed.");
        }
        Set<String> names = new HashSet<>();
        for (FeatureReference feature : features) {
            if (!names.add(feature.feature())) {
                throw new IllegalArgumentException("Cannot use a reference profile that has feature " + feature.feature()
                        + " twice: each feature has one reference.");
            }
        }
        long rows = total(features.get(0));
        for (FeatureReference feature : features) {
            if (total(feature) != rows) {
                throw new IllegalArgumentException("Cannot use a reference profile whose features count different rows: "
                        + features.get(0).feature() + " counts " + rows + ", " + feature.feature() + " counts " + total(feature)
                        + ". Every row falls into exactly one bin of every feature.");
            }
        }
    }

    /** Number of training rows the profile was fitted on. */
    public long rows() {
        return total(features.get(0));
    }

    public List<String> featureNames() {
        return features.stream().map(FeatureReference::feature).toList();
    }

    public FeatureReference feature(String name) {
        return features.stream().filter(f -> f.feature().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "Cannot find feature " + name + " in the reference profile: it has " + featureNames() + "."));
    }

    /** PSI of {@code actualCounts} (one per bin of the feature) against the feature's reference counts. */
    public double psi(String featureName, long[] actualCounts) {
        return Psi.ofCounts(feature(featureName).countArray(), actualCounts);
    }

    /**
     * A pure column expression: an array with one struct {@code (feature string, bin int)} per feature, giving the
     * bin of the row's value of that feature. Explode it to count bins. Needs every feature as a column.
     */
    public Column featureBins() {
        Column[] bins = features.stream()
                .map(f -> struct(lit(f.feature()).as(FEATURE), f.binIndex(column(f.feature())).as(BIN)))
                .toArray(Column[]::new);
        return array(bins);
    }

    /**
     * Fits the reference on {@code rows}: numeric features get edges at the quantiles 1/bins, ..., (bins-1)/bins of
     * their non-missing values (duplicates removed, so a feature with few distinct values gets fewer bins);
     * categorical features keep their {@code bins} most frequent categories (ties by name). Then every row is counted
     * into its bins with the same expressions the monitor uses. Runs a few Spark jobs; {@code rows} should be cached
     * by the caller if it is expensive to compute.
     */
    public static ReferenceProfile fit(Dataset<Row> rows, List<String> numericColumns, List<String> categoricalColumns, int bins) {
        requireColumns(rows, numericColumns, categoricalColumns);
        if (bins < 2) {
            throw new IllegalArgumentException("Cannot fit a reference profile with " + bins + " bins: at least 2 are needed.");
        }
        List<FeatureReference> shapes = new ArrayList<>(numericShapes(rows, numericColumns, bins));
        for (String name : categoricalColumns) {
            shapes.add(categoricalShape(rows, name, bins));
        }
        return countInto(rows, new ReferenceProfile(shapes));
    }

    /**
     * The reference of the profiled columns (in the profile's order): their histograms are the reference's bins, so a
     * profile computed with the same {@code bins} on the same rows gives the reference {@link #fit} gives.
     */
    public static ReferenceProfile fromProfile(DataProfile profile) {
        return new ReferenceProfile(profile.columns().stream().map(DataProfile.ColumnProfile::toReference).toList());
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        ArrayNode array = root.putArray("features");
        for (FeatureReference feature : features) {
            ObjectNode node = array.addObject();
            node.put("feature", feature.feature());
            if (feature instanceof NumericReference numeric) {
                node.put("kind", "numeric");
                numeric.edges().forEach(node.putArray("edges")::add);
            } else if (feature instanceof CategoricalReference categorical) {
                node.put("kind", "categorical");
                categorical.categories().forEach(node.putArray("categories")::add);
            }
            feature.counts().forEach(node.putArray("counts")::add);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write reference profile as JSON: " + e.getMessage(), e);
        }
    }

    public static ReferenceProfile fromJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode version = required(root, "format_version");
            if (version.asInt(-1) != FORMAT_VERSION) {
                throw new IllegalArgumentException("format_version is " + version + ", expected " + FORMAT_VERSION);
            }
            List<FeatureReference> features = new ArrayList<>();
            for (JsonNode node : required(root, "features")) {
                features.add(featureFromJson(node));
            }
            return new ReferenceProfile(features);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read reference profile from JSON: " + e.getMessage()
                    + ". The file drift_reference.json is written by the training job with ReferenceProfile.toJson(); retrain to"
                    + " regenerate it.", e);
        }
    }

    private static FeatureReference featureFromJson(JsonNode node) {
        String name = required(node, "feature").asText();
        List<Long> counts = new ArrayList<>();
        required(node, "counts").forEach(count -> counts.add(count.asLong()));
        String kind = required(node, "kind").asText();
        if (kind.equals("numeric")) {
            List<Double> edges = new ArrayList<>();
            required(node, "edges").forEach(edge -> edges.add(edge.asDouble()));
            return new NumericReference(name, edges, counts);
        }
        if (kind.equals("categorical")) {
            List<String> categories = new ArrayList<>();
            required(node, "categories").forEach(category -> categories.add(category.asText()));
            return new CategoricalReference(name, categories, counts);
        }
        throw new IllegalArgumentException("feature " + name + " has kind '" + kind + "', expected numeric or categorical");
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field " + field + " is missing in " + node);
        }
        return value;
    }

    private static List<NumericReference> numericShapes(Dataset<Row> rows, List<String> columns, int bins) {
        if (columns.isEmpty()) {
            return List.of();
        }
        String[] aliases = new String[columns.size()];
        Column[] numbers = new Column[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            aliases[i] = "n" + i;
            numbers[i] = column(columns.get(i)).cast("double").as(aliases[i]);
        }
        double[] probabilities = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            probabilities[i - 1] = (double) i / bins;
        }
        double[][] quantiles = approxQuantiles(rows.select(numbers), aliases, probabilities);
        List<NumericReference> shapes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            TreeSet<Double> edges = new TreeSet<>();
            for (double quantile : quantiles[i]) {
                if (Double.isFinite(quantile)) {
                    edges.add(quantile);
                }
            }
            shapes.add(NumericReference.withEdges(columns.get(i), List.copyOf(edges)));
        }
        return shapes;
    }

    /**
     * Spark's approximate quantiles of the {@code columns} of {@code values}, made reproducible: the summary depends on the
     * order rows arrive in, so they are sorted into one partition first, and the same rows always give the same quantiles
     * however they are partitioned or cached (the features job's profile and a refit agree exactly). One pass of a sort
     * of the training split's numeric columns on one task.
     */
    static double[][] approxQuantiles(Dataset<Row> values, String[] columns, double[] probabilities) {
        Column[] order = java.util.Arrays.stream(columns).map(ReferenceProfile::column).toArray(Column[]::new);
        return values.repartition(1).sortWithinPartitions(order).stat().approxQuantile(columns, probabilities, QUANTILE_RELATIVE_ERROR);
    }

    private static CategoricalReference categoricalShape(Dataset<Row> rows, String name, int bins) {
        Column category = column(name).cast("string");
        List<Row> top = rows.where(category.isNotNull())
                .groupBy(category.as("category"))
                .count()
                .orderBy(col("count").desc(), col("category").asc())
                .limit(bins)
                .collectAsList();
        return CategoricalReference.withCategories(name, top.stream().map(row -> row.getString(0)).toList());
    }

    private static ReferenceProfile countInto(Dataset<Row> rows, ReferenceProfile shapes) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        shapes.features().forEach(f -> counts.put(f.feature(), new long[f.binCount()]));
        List<Row> binCounts = rows.select(explode(shapes.featureBins()).as("b"))
                .groupBy(col("b." + FEATURE), col("b." + BIN))
                .count()
                .collectAsList();
        for (Row row : binCounts) {
            counts.get(row.getString(0))[row.getInt(1)] = row.getLong(2);
        }
        if (binCounts.isEmpty()) {
            throw new IllegalArgumentException("Cannot fit a reference profile on an empty dataset: the training rows are the"
                    + " reference distribution, so at least one row is needed.");
        }
        return new ReferenceProfile(shapes.features().stream().map(f -> f.withCounts(counts.get(f.feature()))).toList());
    }

    private static void requireColumns(Dataset<Row> rows, List<String> numericColumns, List<String> categoricalColumns) {
        Set<String> present = Set.of(rows.columns());
        List<String> missing = new ArrayList<>();
        numericColumns.stream().filter(c -> !present.contains(c)).forEach(missing::add);
        categoricalColumns.stream().filter(c -> !present.contains(c)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot fit a reference profile: columns " + missing + " are missing from the rows,"
                    + " which have " + List.of(rows.columns()) + ". Pass the feature columns of the dataset spec.");
        }
    }

    private static long total(FeatureReference feature) {
        return feature.counts().stream().mapToLong(Long::longValue).sum();
    }

    /** A column by its exact name (dots and other characters are not read as nested fields). */
    static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }
}
