package io.mlcycle.common.features;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.DerivedColumn;
import io.mlcycle.common.dataset.FeatureSpec.Bucketing;
import io.mlcycle.common.dataset.FeatureSpec.CategoricalFeature;
import io.mlcycle.common.dataset.FeatureSpec.Encoding;
import io.mlcycle.common.dataset.FeatureSpec.NumericFeature;
import io.mlcycle.common.dataset.FeatureSpec.Scale;
import io.mlcycle.common.dataset.MissingValuePolicy;
import io.mlcycle.common.dataset.MissingValuePolicy.Strategy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.QuantileDiscretizer;
import org.apache.spark.ml.feature.RobustScaler;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * The preprocessing stages every mlcycle model starts with, built from the dataset spec's features. They are fitted on
 * training data only and saved inside the model's PipelineModel (built-in MLlib stages only, so PySpark loads it), so
 * the streaming scorer computes exactly what training computed. In order:
 *
 * <ol>
 *   <li>derived columns ({@code SQLTransformer}: ratio, product, interaction, date part, expression);</li>
 *   <li>missing values: {@code <column>_missing} 0/1 indicators, constants filled and missing categories kept as
 *       category {@value #MISSING_CATEGORY} ({@code SQLTransformer}); mean, median and mode of numeric features
 *       ({@code Imputer}); a categorical mode is the most frequent training category, which is index 0 of the
 *       frequency-ordered {@code StringIndexer};</li>
 *   <li>numeric transforms ({@code SQLTransformer}: sign-preserving log1p, power, sqrt);</li>
 *   <li>bucketing ({@code Bucketizer} on fixed splits, {@code QuantileDiscretizer} on training quantiles), one-hot;</li>
 *   <li>scaling per kind ({@code StandardScaler}, {@code MinMaxScaler}, {@code RobustScaler} on median and IQR);</li>
 *   <li>categorical encoding: {@code StringIndexer} (frequency order, unseen categories in an extra index), then
 *       one-hot or the index itself;</li>
 *   <li>one vector, {@link #FEATURES_COLUMN}: scaled numerics, unscaled numerics, buckets, indicators, categoricals.</li>
 * </ol>
 * Numeric features whose policy is drop (rows quarantined on the way to silver) are median-imputed here, so that a
 * missing value at scoring time cannot fail a micro-batch.
 */
public final class FeaturePipelines {
    public static final String FEATURES_COLUMN = "features";
    /** The category a missing categorical value becomes under the keep policy. */
    public static final String MISSING_CATEGORY = "(missing)";

    private FeaturePipelines() {}

    public static Pipeline preprocessing(DatasetSpec spec) {
        return new Builder(spec).build();
    }

    /** The name of the 0/1 column that says whether {@code feature} was missing. */
    public static String indicatorColumn(String feature) {
        return feature + "_missing";
    }

    private static final class Builder {
        private final DatasetSpec spec;
        private final List<PipelineStage> stages = new ArrayList<>();
        /** The column that holds each numeric feature's current value, stage after stage. */
        private final Map<String, String> numericValue = new LinkedHashMap<>();
        private final List<String> assembled = new ArrayList<>();
        private final List<String> indicators = new ArrayList<>();

        Builder(DatasetSpec spec) {
            this.spec = spec;
        }

        Pipeline build() {
            derived();
            missingValues();
            transforms();
            List<String> buckets = bucketing();
            scaling();
            assembled.addAll(buckets);
            assembled.addAll(indicators);
            categorical();
            stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES_COLUMN));
            return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
        }

        private void derived() {
            List<DerivedColumn> derived = spec.featureSpec().derived();
            if (!derived.isEmpty()) {
                sql(derived.stream().map(d -> d.sql() + " AS " + DerivedColumn.quote(internal("derived", d.name()))).toList());
            }
        }

        /** The column a feature is read from: its derived twin when it is derived, else itself. */
        private String source(String feature) {
            return spec.featureSpec().derivedColumn(feature).isPresent() ? internal("derived", feature) : feature;
        }

        private void missingValues() {
            List<String> selects = new ArrayList<>();
            Map<Strategy, List<String>> imputed = new EnumMap<>(Strategy.class);
            for (NumericFeature feature : spec.featureSpec().numeric()) {
                String name = feature.column();
                String value = "CAST(" + DerivedColumn.quote(source(name)) + " AS DOUBLE)";
                String missing = "(" + value + " IS NULL OR isnan(" + value + "))";
                MissingValuePolicy policy = spec.missingValuePolicy(name);
                indicator(selects, policy, missing);
                if (policy.strategy() == Strategy.CONSTANT) {
                    value = "CASE WHEN " + missing + " THEN CAST(" + Double.parseDouble(policy.constant()) + " AS DOUBLE) ELSE " + value + " END";
                } else {
                    Strategy strategy = policy.strategy() == Strategy.MEAN || policy.strategy() == Strategy.MODE ? policy.strategy() : Strategy.MEDIAN;
                    imputed.computeIfAbsent(strategy, s -> new ArrayList<>()).add(name);
                }
                selects.add(value + " AS " + DerivedColumn.quote(internal("numeric", name)));
                numericValue.put(name, internal("numeric", name));
            }
            for (CategoricalFeature feature : spec.featureSpec().categorical()) {
                String name = feature.column();
                String value = "CAST(" + DerivedColumn.quote(source(name)) + " AS STRING)";
                MissingValuePolicy policy = spec.missingValuePolicy(name);
                indicator(selects, policy, "(" + value + " IS NULL)");
                String filled = switch (policy.strategy()) {
                    case CONSTANT -> "coalesce(" + value + ", " + literal(policy.constant()) + ")";
                    case MODE -> value;
                    default -> "coalesce(" + value + ", " + literal(MISSING_CATEGORY) + ")";
                };
                selects.add(filled + " AS " + DerivedColumn.quote(internal("category", name)));
            }
            sql(selects);
            imputed.forEach((strategy, columns) -> {
                stages.add(new Imputer()
                        .setStrategy(strategy.name().toLowerCase(java.util.Locale.ROOT))
                        .setInputCols(columns.stream().map(c -> internal("numeric", c)).toArray(String[]::new))
                        .setOutputCols(columns.stream().map(c -> internal("imputed", c)).toArray(String[]::new)));
                columns.forEach(c -> numericValue.put(c, internal("imputed", c)));
            });
        }

        private void indicator(List<String> selects, MissingValuePolicy policy, String missing) {
            if (policy.indicator()) {
                String column = indicatorColumn(policy.column());
                selects.add("CASE WHEN " + missing + " THEN 1.0 ELSE 0.0 END AS " + DerivedColumn.quote(column));
                indicators.add(column);
            }
        }

        private void transforms() {
            List<String> selects = new ArrayList<>();
            for (NumericFeature feature : spec.featureSpec().numeric()) {
                String x = DerivedColumn.quote(numericValue.get(feature.column()));
                String expression = switch (feature.transform()) {
                    case NONE -> null;
                    case LOG -> "SIGN(" + x + ") * LOG1P(ABS(" + x + "))";
                    case SQRT -> "SIGN(" + x + ") * SQRT(ABS(" + x + "))";
                    case POWER -> "SIGN(" + x + ") * POWER(ABS(" + x + "), CAST(" + feature.exponent() + " AS DOUBLE))";
                };
                if (expression != null) {
                    String output = internal("transformed", feature.column());
                    selects.add(expression + " AS " + DerivedColumn.quote(output));
                    numericValue.put(feature.column(), output);
                }
            }
            if (!selects.isEmpty()) {
                sql(selects);
            }
        }

        /** Bucketizer and QuantileDiscretizer outputs, one-hot encoded; returns the encoded columns. */
        private List<String> bucketing() {
            List<NumericFeature> fixed = bucketed(Bucketing.Type.FIXED);
            List<NumericFeature> quantile = bucketed(Bucketing.Type.QUANTILE);
            if (!fixed.isEmpty()) {
                stages.add(new Bucketizer()
                        .setHandleInvalid("keep")
                        .setInputCols(fixed.stream().map(f -> numericValue.get(f.column())).toArray(String[]::new))
                        .setOutputCols(fixed.stream().map(f -> internal("bucket", f.column())).toArray(String[]::new))
                        .setSplitsArray(fixed.stream().map(f -> splits(f.bucketing().orElseThrow())).toArray(double[][]::new)));
            }
            if (!quantile.isEmpty()) {
                stages.add(new QuantileDiscretizer()
                        .setHandleInvalid("keep")
                        .setInputCols(quantile.stream().map(f -> numericValue.get(f.column())).toArray(String[]::new))
                        .setOutputCols(quantile.stream().map(f -> internal("bucket", f.column())).toArray(String[]::new))
                        .setNumBucketsArray(quantile.stream().mapToInt(f -> f.bucketing().orElseThrow().buckets()).toArray()));
            }
            List<String> bucketColumns = Stream.concat(fixed.stream(), quantile.stream()).map(f -> f.column()).toList();
            if (bucketColumns.isEmpty()) {
                return List.of();
            }
            List<String> encoded = bucketColumns.stream().map(c -> internal("bucket_onehot", c)).toList();
            stages.add(new OneHotEncoder()
                    .setHandleInvalid("keep")
                    .setInputCols(bucketColumns.stream().map(c -> internal("bucket", c)).toArray(String[]::new))
                    .setOutputCols(encoded.toArray(String[]::new)));
            return encoded;
        }

        private List<NumericFeature> bucketed(Bucketing.Type type) {
            return spec.featureSpec().numeric().stream()
                    .filter(f -> f.bucketing().map(b -> b.type() == type).orElse(false))
                    .toList();
        }

        private static double[] splits(Bucketing bucketing) {
            return Stream.of(List.of(Double.NEGATIVE_INFINITY), bucketing.splits(), List.of(Double.POSITIVE_INFINITY))
                    .flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
        }

        private void scaling() {
            Map<Scale, List<String>> byScale = spec.featureSpec().numeric().stream()
                    .filter(f -> f.bucketing().isEmpty())
                    .collect(Collectors.groupingBy(NumericFeature::scale, () -> new EnumMap<>(Scale.class),
                            Collectors.mapping(f -> numericValue.get(f.column()), Collectors.toList())));
            byScale.forEach((scale, columns) -> {
                if (scale == Scale.NONE) {
                    return;
                }
                String vector = internal("numeric_vector", scale.name().toLowerCase(java.util.Locale.ROOT));
                String scaled = internal("numeric_scaled", scale.name().toLowerCase(java.util.Locale.ROOT));
                stages.add(new VectorAssembler().setInputCols(columns.toArray(String[]::new)).setOutputCol(vector));
                stages.add(switch (scale) {
                    case STANDARD -> new StandardScaler().setWithMean(true).setWithStd(true).setInputCol(vector).setOutputCol(scaled);
                    case MIN_MAX -> new MinMaxScaler().setInputCol(vector).setOutputCol(scaled);
                    case ROBUST -> new RobustScaler().setWithCentering(true).setWithScaling(true).setInputCol(vector).setOutputCol(scaled);
                    case NONE -> throw new IllegalStateException("unreachable");
                });
                assembled.add(scaled);
            });
            assembled.addAll(byScale.getOrDefault(Scale.NONE, List.of()));
        }

        private void categorical() {
            List<CategoricalFeature> categorical = spec.featureSpec().categorical();
            if (categorical.isEmpty()) {
                return;
            }
            stages.add(new StringIndexer()
                    .setHandleInvalid("keep")
                    .setStringOrderType("frequencyDesc")
                    .setInputCols(categorical.stream().map(c -> internal("category", c.column())).toArray(String[]::new))
                    .setOutputCols(categorical.stream().map(c -> internal("index", c.column())).toArray(String[]::new)));
            Map<String, String> index = new LinkedHashMap<>();
            List<String> modeFills = new ArrayList<>();
            for (CategoricalFeature feature : categorical) {
                String name = feature.column();
                index.put(name, internal("index", name));
                if (spec.missingValuePolicy(name).strategy() == Strategy.MODE) {
                    // frequencyDesc puts the most frequent training category (ties by name) at index 0: the mode.
                    modeFills.add("CASE WHEN " + DerivedColumn.quote(internal("category", name)) + " IS NULL THEN 0.0 ELSE "
                            + DerivedColumn.quote(internal("index", name)) + " END AS " + DerivedColumn.quote(internal("index_mode", name)));
                    index.put(name, internal("index_mode", name));
                }
            }
            if (!modeFills.isEmpty()) {
                sql(modeFills);
            }
            List<CategoricalFeature> oneHot = categorical.stream().filter(c -> c.encoding() == Encoding.ONE_HOT).toList();
            if (!oneHot.isEmpty()) {
                stages.add(new OneHotEncoder()
                        .setHandleInvalid("keep")
                        .setInputCols(oneHot.stream().map(c -> index.get(c.column())).toArray(String[]::new))
                        .setOutputCols(oneHot.stream().map(c -> internal("onehot", c.column())).toArray(String[]::new)));
            }
            for (CategoricalFeature feature : categorical) {
                assembled.add(feature.encoding() == Encoding.ONE_HOT ? internal("onehot", feature.column()) : index.get(feature.column()));
            }
        }

        private void sql(List<String> selects) {
            stages.add(new SQLTransformer().setStatement("SELECT *, " + String.join(", ", selects) + " FROM __THIS__"));
        }

        private static String internal(String step, String column) {
            return "__" + step + "_" + column;
        }

        private static String literal(String text) {
            return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
    }
}
