package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;

/** One column of the expected schema: its name, the type it is cast to, and whether it may be empty. */
public record ColumnSpec(String name, ColumnType type, boolean nullable) {
    public ColumnSpec {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }

    static ColumnSpec read(ConfigReader element) {
        element.rejectUnknownKeys("name", "type", "nullable");
        return new ColumnSpec(element.nonBlankString("name"), element.choice("type", ColumnType.class), element.booleanOr("nullable", true));
    }
}
