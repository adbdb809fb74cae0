package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a dataset looks like to mlcycle: its id, entity, event-time and label columns and its features.
 * Batch training and the streaming scorer read the same spec, so they agree on every column.
 */
public record DatasetSpec(
        String name,
        String idColumn,
        String entityColumn,
        String timeColumn,
        String labelColumn,
        List<String> numericFeatures,
        List<String> categoricalFeatures) {
    public DatasetSpec {
        requireNonNull(name, "name is null");
        requireNonNull(idColumn, "idColumn is null");
        requireNonNull(entityColumn, "entityColumn is null");
        requireNonNull(timeColumn, "timeColumn is null");
        requireNonNull(labelColumn, "labelColumn is null");
        numericFeatures = List.copyOf(numericFeatures);
        categoricalFeatures = List.copyOf(categoricalFeatures);
    }

    public List<String> features() {
        List<String> all = new ArrayList<>(numericFeatures);
        all.addAll(categoricalFeatures);
        return List.copyOf(all);
    }

    public static DatasetSpec read(ConfigReader reader) {
        DatasetSpec spec = new DatasetSpec(
                reader.nonBlankString("mlcycle.dataset.name"),
                reader.nonBlankString("mlcycle.dataset.id-column"),
                reader.nonBlankString("mlcycle.dataset.entity-column"),
                reader.nonBlankString("mlcycle.dataset.time-column"),
                reader.nonBlankString("mlcycle.dataset.label-column"),
                reader.nonEmptyStringList("mlcycle.dataset.numeric-features"),
                reader.nonEmptyStringList("mlcycle.dataset.categorical-features"));
        List<String> columns = new ArrayList<>(List.of(spec.idColumn, spec.entityColumn, spec.timeColumn, spec.labelColumn));
        columns.addAll(spec.features());
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            reader.check(seen.add(column), "mlcycle.dataset", "'" + column + "'", "each column named once across id, entity, time, label and features");
        }
        return spec;
    }
}
