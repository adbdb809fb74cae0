package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One cleaning step of {@code mlcycle.dataset.quality.corrections}, applied between bronze and silver. Text corrections
 * ({@link Text}, {@link MapValues}) change the raw value before it is cast to the schema type; numeric ones
 * ({@link Scale}, {@link Clip}) change the typed value after the cast. Within each phase they run in the order written.
 * The silver step counts, per {@link #name()}, how many values each one changed.
 */
public sealed interface Correction {
    /** Kinds of correction, as written in {@code type = ...}. */
    enum Type {
        TRIM,
        LOWER,
        UPPER,
        MAP,
        SCALE,
        CLIP
    }

    /** Unique among the corrections; default {@code <type>:<column>}. */
    String name();

    String column();

    /** True for corrections of the raw text (before the cast), false for those of the typed value (after it). */
    boolean beforeCast();

    /** Trims surrounding white space ({@link Type#TRIM}) or normalizes the case ({@link Type#LOWER}, {@link Type#UPPER}). */
    record Text(String name, String column, Type type) implements Correction {
        public Text {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
            requireNonNull(type, "type is null");
        }

        @Override
        public boolean beforeCast() {
            return true;
        }
    }

    /** Replaces raw values found in {@code values} (a null target makes the value missing); other values stay. */
    record MapValues(String name, String column, Map<String, String> values) implements Correction {
        public MapValues {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public boolean beforeCast() {
            return true;
        }
    }

    /** Unit conversion of a numeric value: {@code value * factor + offset} (integer columns are rounded back). */
    record Scale(String name, String column, double factor, double offset) implements Correction {
        public Scale {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
        }

        @Override
        public boolean beforeCast() {
            return false;
        }
    }

    /** Moves a numeric value below {@code min} up to it and one above {@code max} down to it (bounds as written). */
    record Clip(String name, String column, Optional<String> min, Optional<String> max) implements Correction {
        public Clip {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
            requireNonNull(min, "min is null");
            requireNonNull(max, "max is null");
        }

        @Override
        public boolean beforeCast() {
            return false;
        }
    }

    static Correction read(ConfigReader element, Map<String, ColumnSpec> schema) {
        Type type = element.choice("type", Type.class);
        String defaultName = ConfigReader.kebab(type) + ":" + element.stringOr("column", "");
        return switch (type) {
            case TRIM, LOWER, UPPER -> {
                element.rejectUnknownKeys("type", "name", "column");
                yield new Text(element.stringOr("name", defaultName), QualityConfigChecks.column(element, "column", schema), type);
            }
            case MAP -> {
                element.rejectUnknownKeys("type", "name", "column", "values");
                String column = QualityConfigChecks.column(element, "column", schema);
                Map<String, String> values = element.stringMapOr("values");
                element.check(!values.isEmpty(), "values", element.has("values") ? "{}" : "(missing)",
                        "an object of raw value to replacement, e.g. { \"N\" = \"north\", \"n/a\" = null }");
                yield new MapValues(element.stringOr("name", defaultName), column, values);
            }
            case SCALE -> {
                element.rejectUnknownKeys("type", "name", "column", "factor", "offset");
                String column = numericColumn(element, schema);
                double factor = element.has("factor") ? element.doubleOr("factor", 1.0) : missingFactor(element);
                yield new Scale(element.stringOr("name", defaultName), column, factor, element.doubleOr("offset", 0.0));
            }
            case CLIP -> {
                element.rejectUnknownKeys("type", "name", "column", "min", "max");
                String column = numericColumn(element, schema);
                ColumnSpec spec = schema.get(column);
                ColumnSpec numeric = spec != null && spec.type().numeric() ? spec : null;
                Optional<String> min = QualityConfigChecks.bound(element, "min", numeric);
                Optional<String> max = QualityConfigChecks.bound(element, "max", numeric);
                element.check(min.isPresent() || max.isPresent(), "min", "(missing)", "min, max or both");
                QualityConfigChecks.checkOrdered(element, numeric, min, max);
                yield new Clip(element.stringOr("name", defaultName), column, min, max);
            }
        };
    }

    private static String numericColumn(ConfigReader element, Map<String, ColumnSpec> schema) {
        String column = QualityConfigChecks.column(element, "column", schema);
        ColumnSpec spec = schema.get(column);
        element.check(spec == null || spec.type().numeric(), "column", "'" + column + "'", "a numeric column (integer, long or double)");
        return column;
    }

    private static double missingFactor(ConfigReader element) {
        element.check(false, "factor", "(missing)", "a number to multiply by, e.g. 0.001 to turn grams into kilograms");
        return 1.0;
    }
}
