package io.mlcycle.common.dataset;

import io.mlcycle.common.config.ConfigReader;
import java.util.List;

/**
 * The model's inputs, read from {@code mlcycle.dataset.features}: numeric and categorical feature columns. A feature
 * may be a schema column or a column the features stage adds.
 */
public record FeatureSpec(List<NumericFeature> numeric, List<CategoricalFeature> categorical) {
    /** A numeric model input. */
    public record NumericFeature(String column) {}

    /** A categorical model input. */
    public record CategoricalFeature(String column) {}

    public FeatureSpec {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
    }

    /** Plain features: no transforms beyond the defaults. */
    public static FeatureSpec of(List<String> numeric, List<String> categorical) {
        return new FeatureSpec(numeric.stream().map(NumericFeature::new).toList(), categorical.stream().map(CategoricalFeature::new).toList());
    }

    public List<String> numericColumns() {
        return numeric.stream().map(NumericFeature::column).toList();
    }

    public List<String> categoricalColumns() {
        return categorical.stream().map(CategoricalFeature::column).toList();
    }

    /** Columns this spec adds to the data before the model (derived, looked up, aggregated): none yet. */
    public List<String> addedColumns() {
        return List.of();
    }

    static FeatureSpec read(ConfigReader reader, String key) {
        List<NumericFeature> numeric = reader.objectList(key + ".numeric", "column").stream()
                .map(element -> new NumericFeature(element.nonBlankString("column")))
                .toList();
        List<CategoricalFeature> categorical = reader.objectList(key + ".categorical", "column").stream()
                .map(element -> new CategoricalFeature(element.nonBlankString("column")))
                .toList();
        reader.check(!numeric.isEmpty() || !categorical.isEmpty(), key, "(no features)", "at least one numeric or categorical feature");
        return new FeatureSpec(numeric, categorical);
    }
}
