package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.nio.file.Path;
import java.util.List;

/**
 * A dimension table joined to every row (left join) before the features are computed: the row's {@code key} column
 * matches the table's {@code lookupKey}, and {@code columns} of the table are added. A row without a match gets nulls,
 * which the pipeline imputes like any missing value. The table must hold one row per lookup key.
 */
public record LookupSpec(String name, String path, Format format, String key, String lookupKey, List<String> columns) {
    public enum Format { DELTA, PARQUET, CSV }

    public LookupSpec {
        requireNonNull(name, "name is null");
        requireNonNull(path, "path is null");
        requireNonNull(format, "format is null");
        requireNonNull(key, "key is null");
        requireNonNull(lookupKey, "lookupKey is null");
        columns = List.copyOf(columns);
    }

    static LookupSpec read(ConfigReader element, Path workDir) {
        element.rejectUnknownKeys("name", "path", "format", "key", "lookup-key", "columns");
        String key = element.nonBlankString("key");
        LookupSpec lookup = new LookupSpec(element.nonBlankString("name"), element.location("path", workDir),
                element.choiceOr("format", Format.class, Format.DELTA), key, element.stringOr("lookup-key", key),
                element.nonEmptyStringList("columns"));
        element.check(!lookup.columns.contains(lookup.lookupKey), "columns", String.valueOf(lookup.columns),
                "columns other than the lookup key " + lookup.lookupKey);
        return lookup;
    }
}
