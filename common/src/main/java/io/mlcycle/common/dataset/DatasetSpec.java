package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.WorkDir;
import io.mlcycle.common.dataset.source.SourceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A dataset as configuration: where its records come from, the schema they must have, which columns are the event
 * id, the entity, the event time and the label, the task, the sensitive attributes, the quality rules, how missing
 * values are handled, and the model's features. Everything mlcycle does with data is driven by this one spec
 * ({@code mlcycle.dataset}), so pointing mlcycle at new data means writing a config file, not code.
 *
 * @param entityColumn the entity a row belongs to, or "" when the data has none (no entity aggregates then)
 * @param timeColumn the event time, or "" when the data has none (splits are random then)
 * @param positiveLabel binary tasks whose label is not 0/1: the raw label value meaning 1; "" when the label is 0/1
 */
public record DatasetSpec(
        String name,
        TaskType task,
        String idColumn,
        String entityColumn,
        String timeColumn,
        String labelColumn,
        String positiveLabel,
        List<ColumnSpec> schema,
        List<String> sensitiveAttributes,
        List<SourceSpec> sources,
        List<MissingValuePolicy> missingValues,
        QualitySpec quality,
        FeatureSpec featureSpec) {
    public DatasetSpec {
        requireNonNull(name, "name is null");
        requireNonNull(task, "task is null");
        requireNonNull(idColumn, "idColumn is null");
        requireNonNull(entityColumn, "entityColumn is null");
        requireNonNull(timeColumn, "timeColumn is null");
        requireNonNull(labelColumn, "labelColumn is null");
        requireNonNull(positiveLabel, "positiveLabel is null");
        schema = List.copyOf(schema);
        sensitiveAttributes = List.copyOf(sensitiveAttributes);
        sources = List.copyOf(sources);
        missingValues = List.copyOf(missingValues);
        requireNonNull(quality, "quality is null");
        requireNonNull(featureSpec, "featureSpec is null");
    }

    /**
     * A binary dataset with plain features and a schema implied by the roles (id and entity strings, time a timestamp,
     * numeric features doubles, categorical ones strings, the label an integer); no sources, rules or policies.
     */
    public DatasetSpec(String name, String idColumn, String entityColumn, String timeColumn, String labelColumn, List<String> numericFeatures,
            List<String> categoricalFeatures) {
        this(name, TaskType.BINARY, idColumn, entityColumn, timeColumn, labelColumn, "",
                impliedSchema(idColumn, entityColumn, timeColumn, labelColumn, numericFeatures, categoricalFeatures),
                List.of(), List.of(), List.of(), QualitySpec.none(), FeatureSpec.of(numericFeatures, categoricalFeatures));
    }

    /** The id column's name when the data has none ({@code id-column = ""}): silver and the scorer derive it, see {@link RowIds}. */
    public static final String DERIVED_ID = "row_id";

    /** True when the data has no id column and each row's id is derived from its values ({@link RowIds}). */
    public boolean derivedId() {
        return idColumn.equals(DERIVED_ID) && column(DERIVED_ID).isEmpty();
    }

    public boolean hasEntity() {
        return !entityColumn.isEmpty();
    }

    public boolean hasTime() {
        return !timeColumn.isEmpty();
    }

    public List<String> numericFeatures() {
        return featureSpec.numericColumns();
    }

    public List<String> categoricalFeatures() {
        return featureSpec.categoricalColumns();
    }

    /** Every feature column: numeric first, then categorical. */
    public List<String> features() {
        List<String> all = new ArrayList<>(numericFeatures());
        all.addAll(categoricalFeatures());
        return List.copyOf(all);
    }

    public Optional<ColumnSpec> column(String column) {
        return schema.stream().filter(c -> c.name().equals(column)).findFirst();
    }

    /** The schema as a map from column name to its spec, in schema order. */
    public Map<String, ColumnSpec> columnsByName() {
        Map<String, ColumnSpec> byName = new LinkedHashMap<>();
        schema.forEach(c -> byName.put(c.name(), c));
        return byName;
    }

    /**
     * The policy for missing values of {@code column}: the configured one, or the default (median for a numeric
     * column, missing as its own category for any other).
     */
    public MissingValuePolicy missingValuePolicy(String column) {
        return missingValues.stream().filter(p -> p.column().equals(column)).findFirst().orElseGet(() -> {
            boolean numeric = numericFeatures().contains(column) || column(column).map(c -> c.type().numeric()).orElse(false);
            return new MissingValuePolicy(column, numeric ? MissingValuePolicy.Strategy.MEDIAN : MissingValuePolicy.Strategy.KEEP, "", false);
        });
    }

    public static DatasetSpec read(ConfigReader reader) {
        String key = "mlcycle.dataset";
        List<ColumnSpec> schema = reader.objectList(key + ".schema", null).stream().map(ColumnSpec::read).toList();
        reader.check(!schema.isEmpty(), key + ".schema", reader.has(key + ".schema") ? "[]" : "(missing)",
                "the expected columns, e.g. [ { name = \"amount\", type = \"double\", nullable = true }, ... ]");
        Path workDir = WorkDir.read(reader);
        DatasetSpec spec = new DatasetSpec(
                reader.nonBlankString(key + ".name"),
                reader.choice(key + ".task", TaskType.class),
                idColumn(reader.string(key + ".id-column")),
                reader.stringOr(key + ".entity-column", ""),
                reader.stringOr(key + ".time-column", ""),
                reader.nonBlankString(key + ".label-column"),
                reader.stringOr(key + ".positive-label", ""),
                schema,
                reader.stringListOr(key + ".sensitive-attributes", List.of()),
                SourceSpec.readAll(reader, key + ".sources", workDir, reader.stringOr("mlcycle.kafka.bootstrap-servers", "")),
                reader.objectList(key + ".missing-values", null).stream().map(MissingValuePolicy::read).toList(),
                QualitySpec.read(reader, key + ".quality", schema, reader.stringOr(key + ".label-column", "")),
                FeatureSpec.read(reader, key + ".features", workDir));
        spec.check(reader, key);
        return spec;
    }

    /** Cross-key checks: every named column exists in the schema (or is added by the features stage), roles fit their types. */
    private void check(ConfigReader reader, String key) {
        Map<String, ColumnSpec> columns = new HashMap<>();
        for (ColumnSpec column : schema) {
            reader.check(columns.put(column.name(), column) == null, key + ".schema", "'" + column.name() + "'", "each column listed once");
        }
        if (schema.isEmpty()) {
            return;
        }
        String known = "a column of " + key + ".schema";
        if (!derivedId()) {
            requireColumn(reader, columns, key + ".id-column", idColumn, known);
        }
        requireColumn(reader, columns, key + ".label-column", labelColumn, known);
        if (hasEntity()) {
            requireColumn(reader, columns, key + ".entity-column", entityColumn, known);
        }
        if (hasTime()) {
            requireColumn(reader, columns, key + ".time-column", timeColumn, known);
            ColumnSpec time = columns.get(timeColumn);
            reader.check(time == null || time.type().temporal(), key + ".time-column", "'" + timeColumn + "'",
                    "a column of type timestamp or date");
        }
        ColumnSpec label = columns.get(labelColumn);
        if (label != null && task == TaskType.REGRESSION) {
            reader.check(label.type().numeric(), key + ".label-column", "'" + labelColumn + "'", "a numeric column (task = regression)");
        }
        reader.check(positiveLabel.isEmpty() || task == TaskType.BINARY, key + ".positive-label", "'" + positiveLabel + "'",
                "empty unless task = binary");
        for (String attribute : sensitiveAttributes) {
            requireColumn(reader, columns, key + ".sensitive-attributes", attribute, known);
        }
        Set<String> available = new HashSet<>(columns.keySet());
        available.addAll(featureSpec.addedColumns());
        Set<String> policies = new HashSet<>();
        for (MissingValuePolicy policy : missingValues) {
            reader.check(policies.add(policy.column()), key + ".missing-values", "'" + policy.column() + "'", "one policy per column");
            reader.check(available.contains(policy.column()), key + ".missing-values", "'" + policy.column() + "'",
                    known + " or one the features stage adds");
        }
        featureSpec.check(reader, key + ".features", this, columns);
        Set<String> roles = Set.of(idColumn, labelColumn);
        Set<String> seen = new HashSet<>();
        for (String feature : features()) {
            reader.check(available.contains(feature), key + ".features", "'" + feature + "'",
                    "a column of " + key + ".schema or one the features stage adds");
            reader.check(!roles.contains(feature), key + ".features", "'" + feature + "'", "a column other than the id and the label");
            reader.check(seen.add(feature), key + ".features", "'" + feature + "'", "each feature listed once");
        }
    }

    private static String idColumn(String configured) {
        return configured.isBlank() ? DERIVED_ID : configured;
    }

    private static void requireColumn(ConfigReader reader, Map<String, ColumnSpec> columns, String key, String column, String expected) {
        reader.check(columns.containsKey(column), key, "'" + column + "'", expected);
    }

    private static List<ColumnSpec> impliedSchema(String id, String entity, String time, String label, List<String> numeric, List<String> categorical) {
        List<ColumnSpec> schema = new ArrayList<>();
        schema.add(new ColumnSpec(id, ColumnType.STRING, false));
        if (!entity.isEmpty()) {
            schema.add(new ColumnSpec(entity, ColumnType.STRING, true));
        }
        if (!time.isEmpty()) {
            schema.add(new ColumnSpec(time, ColumnType.TIMESTAMP, false));
        }
        numeric.forEach(c -> schema.add(new ColumnSpec(c, ColumnType.DOUBLE, true)));
        categorical.forEach(c -> schema.add(new ColumnSpec(c, ColumnType.STRING, true)));
        schema.add(new ColumnSpec(label, ColumnType.INTEGER, true));
        return schema;
    }
}
