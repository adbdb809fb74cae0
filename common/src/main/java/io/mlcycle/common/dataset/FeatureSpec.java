package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model's inputs, read from {@code mlcycle.dataset.features}: numeric and categorical features with their
 * transforms, and the columns the features stage adds before them: {@code derived} columns (computed inside the
 * model's pipeline), {@code lookups} (joined from dimension tables) and entity {@code aggregates} (trailing windows,
 * point-in-time correct). A feature may be a schema column or an added one.
 */
public record FeatureSpec(
        List<NumericFeature> numeric,
        List<CategoricalFeature> categorical,
        List<DerivedColumn> derived,
        List<LookupSpec> lookups,
        List<AggregateSpec> aggregates) {
    /** How a numeric feature is scaled after imputation and transform. */
    public enum Scale { STANDARD, MIN_MAX, ROBUST, NONE }

    /** A stateless transform of a numeric feature, applied after imputation (all sign-preserving, so defined for negatives). */
    public enum Transform {
        NONE,
        /** {@code sign(x) * log1p(|x|)}: log1p for x >= 0, mirrored for negatives. */
        LOG,
        /** {@code sign(x) * |x|^exponent}. */
        POWER,
        /** {@code sign(x) * sqrt(|x|)}. */
        SQRT
    }

    /** How a categorical feature reaches the model: one 0/1 slot per category, or its frequency index as one number. */
    public enum Encoding { ONE_HOT, INDEX }

    /**
     * A numeric model input.
     *
     * @param bucketing when present the value is cut into buckets that are one-hot encoded (then {@code scale} is NONE)
     */
    public record NumericFeature(String column, Scale scale, Transform transform, double exponent, Optional<Bucketing> bucketing) {
        public NumericFeature {
            requireNonNull(column, "column is null");
            requireNonNull(scale, "scale is null");
            requireNonNull(transform, "transform is null");
            requireNonNull(bucketing, "bucketing is null");
        }

        /** Standard-scaled, untransformed. */
        public NumericFeature(String column) {
            this(column, Scale.STANDARD, Transform.NONE, 1.0, Optional.empty());
        }
    }

    /** Buckets of a numeric feature: fixed inner {@code splits} (-inf and +inf are added), or {@code buckets} training quantiles. */
    public record Bucketing(Type type, List<Double> splits, int buckets) {
        public enum Type { FIXED, QUANTILE }

        public Bucketing {
            requireNonNull(type, "type is null");
            splits = List.copyOf(splits);
        }

        public static Bucketing fixed(List<Double> splits) {
            return new Bucketing(Type.FIXED, splits, splits.size() + 1);
        }

        public static Bucketing quantile(int buckets) {
            return new Bucketing(Type.QUANTILE, List.of(), buckets);
        }
    }

    /** A categorical model input; missing and unseen categories are handled (see the features pipeline). */
    public record CategoricalFeature(String column, Encoding encoding) {
        public CategoricalFeature {
            requireNonNull(column, "column is null");
            requireNonNull(encoding, "encoding is null");
        }

        public CategoricalFeature(String column) {
            this(column, Encoding.ONE_HOT);
        }
    }

    public FeatureSpec {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        derived = List.copyOf(derived);
        lookups = List.copyOf(lookups);
        aggregates = List.copyOf(aggregates);
    }

    /** Plain features: no transforms beyond the defaults, nothing added. */
    public static FeatureSpec of(List<String> numeric, List<String> categorical) {
        return new FeatureSpec(numeric.stream().map(NumericFeature::new).toList(), categorical.stream().map(CategoricalFeature::new).toList(),
                List.of(), List.of(), List.of());
    }

    public List<String> numericColumns() {
        return numeric.stream().map(NumericFeature::column).toList();
    }

    public List<String> categoricalColumns() {
        return categorical.stream().map(CategoricalFeature::column).toList();
    }

    /** The numeric features that are columns of the feature table (not derived): what the profile and the drift reference cover. */
    public List<String> numericInputs() {
        return numericColumns().stream().filter(c -> derivedColumn(c).isEmpty()).toList();
    }

    /** The categorical features that are columns of the feature table (not derived). */
    public List<String> categoricalInputs() {
        return categoricalColumns().stream().filter(c -> derivedColumn(c).isEmpty()).toList();
    }

    /** Columns this spec adds to the data before the model: derived, looked up and aggregated ones. */
    public List<String> addedColumns() {
        List<String> added = new ArrayList<>(derivedColumns());
        added.addAll(joinedColumns());
        return List.copyOf(added);
    }

    /** Names of the derived columns (computed inside the model's pipeline, not stored in the feature table). */
    public List<String> derivedColumns() {
        return derived.stream().map(DerivedColumn::name).toList();
    }

    /** Columns the features job adds before the pipeline and stores in the feature table: looked up and aggregated ones. */
    public List<String> joinedColumns() {
        List<String> joined = new ArrayList<>();
        lookups.forEach(lookup -> joined.addAll(lookup.columns()));
        aggregates.forEach(aggregate -> joined.add(aggregate.name()));
        return List.copyOf(joined);
    }

    public Optional<DerivedColumn> derivedColumn(String name) {
        return derived.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * The columns the model's pipeline reads, in a stable order: every feature that is not derived, then the inputs
     * of the derived features.
     */
    public List<String> pipelineInputColumns() {
        Set<String> inputs = new LinkedHashSet<>();
        List<String> features = new ArrayList<>(numericColumns());
        features.addAll(categoricalColumns());
        Set<String> derivedNames = new HashSet<>(derivedColumns());
        features.stream().filter(f -> !derivedNames.contains(f)).forEach(inputs::add);
        derived.forEach(d -> inputs.addAll(d.inputs()));
        return List.copyOf(inputs);
    }

    static FeatureSpec read(ConfigReader reader, String key, Path workDir) {
        List<NumericFeature> numeric = reader.objectList(key + ".numeric", "column").stream().map(FeatureSpec::readNumeric).toList();
        List<CategoricalFeature> categorical = reader.objectList(key + ".categorical", "column").stream()
                .map(element -> {
                    element.rejectUnknownKeys("column", "encoding");
                    return new CategoricalFeature(element.nonBlankString("column"), element.choiceOr("encoding", Encoding.class, Encoding.ONE_HOT));
                })
                .toList();
        reader.check(!numeric.isEmpty() || !categorical.isEmpty(), key, "(no features)", "at least one numeric or categorical feature");
        List<DerivedColumn> derived = reader.objectList(key + ".derived", null).stream().map(DerivedColumn::read).toList();
        List<LookupSpec> lookups = reader.objectList(key + ".lookups", null).stream().map(e -> LookupSpec.read(e, workDir)).toList();
        List<AggregateSpec> aggregates = reader.objectList(key + ".aggregates", null).stream().map(AggregateSpec::read).toList();
        return new FeatureSpec(numeric, categorical, derived, lookups, aggregates);
    }

    private static NumericFeature readNumeric(ConfigReader element) {
        element.rejectUnknownKeys("column", "scale", "transform", "exponent", "bucketing");
        Transform transform = element.choiceOr("transform", Transform.class, Transform.NONE);
        element.check(transform == Transform.POWER || !element.has("exponent"), "exponent", "'" + element.stringOr("exponent", "") + "'",
                "no exponent unless transform = power");
        element.check(transform != Transform.POWER || element.has("exponent"), "exponent", "(missing)",
                "a number such as 0.5 or 2, because transform = power");
        double exponent = element.doubleOr("exponent", 1.0);
        Optional<Bucketing> bucketing = element.object("bucketing").map(FeatureSpec::readBucketing);
        Scale scale = element.choiceOr("scale", Scale.class, bucketing.isPresent() ? Scale.NONE : Scale.STANDARD);
        element.check(bucketing.isEmpty() || scale == Scale.NONE, "scale", "'" + ConfigReader.kebab(scale) + "'",
                "none (or no scale key): a bucketed feature is one-hot encoded, not scaled");
        return new NumericFeature(element.nonBlankString("column"), scale, transform, exponent, bucketing);
    }

    private static Bucketing readBucketing(ConfigReader bucketing) {
        bucketing.rejectUnknownKeys("type", "splits", "buckets");
        Bucketing.Type type = bucketing.choice("type", Bucketing.Type.class);
        if (type == Bucketing.Type.FIXED) {
            List<Double> splits = bucketing.doubleListOr("splits", List.of());
            boolean increasing = !splits.isEmpty();
            for (int i = 1; i < splits.size(); i++) {
                increasing &= splits.get(i) > splits.get(i - 1);
            }
            bucketing.check(increasing, "splits", String.valueOf(splits),
                    "a non-empty list of strictly increasing numbers (inner edges; -inf and +inf are added)");
            bucketing.check(!bucketing.has("buckets"), "buckets", "'" + bucketing.stringOr("buckets", "") + "'",
                    "no buckets with type = fixed (the splits define them)");
            return Bucketing.fixed(increasing ? splits : List.of(0.0));
        }
        bucketing.check(!bucketing.has("splits"), "splits", "[...]", "no splits with type = quantile");
        return Bucketing.quantile(bucketing.intInRange("buckets", 2, 1000));
    }

    /**
     * Cross-key checks, given the dataset's schema: inputs of derived columns, lookup keys and aggregated columns exist,
     * aggregates have an entity and a time, added columns do not shadow schema columns, numeric features keep no nulls.
     */
    void check(ConfigReader reader, String key, DatasetSpec spec, Map<String, ColumnSpec> schema) {
        Set<String> names = new HashSet<>(schema.keySet());
        for (String added : addedColumns()) {
            reader.check(names.add(added), key, "'" + added + "'",
                    "added columns (derived, looked up, aggregated) with names unlike every schema column and each other");
        }
        Set<String> available = new HashSet<>(schema.keySet());
        available.addAll(joinedColumns());
        for (int i = 0; i < derived.size(); i++) {
            derived.get(i).check(reader, key + ".derived[" + i + "]", available, schema);
        }
        for (int i = 0; i < lookups.size(); i++) {
            reader.check(schema.containsKey(lookups.get(i).key()), key + ".lookups[" + i + "].key", "'" + lookups.get(i).key() + "'",
                    "a column of mlcycle.dataset.schema");
        }
        for (int i = 0; i < aggregates.size(); i++) {
            aggregates.get(i).check(reader, key + ".aggregates[" + i + "]", spec, schema);
        }
        for (NumericFeature feature : numeric) {
            MissingValuePolicy policy = spec.missingValuePolicy(feature.column());
            reader.check(policy.strategy() != MissingValuePolicy.Strategy.KEEP, "mlcycle.dataset.missing-values", "'" + feature.column() + "'",
                    "mean, median, mode or constant for a numeric feature (keep is for categorical ones; add indicator = true to"
                            + " let the model see that a value was missing)");
            if (policy.strategy() == MissingValuePolicy.Strategy.CONSTANT) {
                reader.check(isNumber(policy.constant()), "mlcycle.dataset.missing-values", "'" + policy.constant() + "'",
                        "a number as constant of numeric feature " + feature.column());
            }
        }
        for (CategoricalFeature feature : categorical) {
            if (numericColumns().contains(feature.column())) {
                continue; // listed twice: reported once, as such
            }
            MissingValuePolicy policy = spec.missingValuePolicy(feature.column());
            reader.check(policy.strategy() != MissingValuePolicy.Strategy.MEAN && policy.strategy() != MissingValuePolicy.Strategy.MEDIAN,
                    "mlcycle.dataset.missing-values", "'" + feature.column() + "'", "mode, constant or keep for a categorical feature");
        }
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
