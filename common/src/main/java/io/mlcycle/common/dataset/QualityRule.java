package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One validation rule of {@code mlcycle.dataset.quality.rules}, checked on the typed, corrected values between bronze
 * and silver. A row that violates a rule is quarantined under the rule's {@link #name()}. Rules skip missing values
 * (that is what {@link NotNull} is for).
 */
public sealed interface QualityRule {
    /** Kinds of rule, as written in {@code type = ...}. */
    enum Type {
        NOT_NULL,
        RANGE,
        ALLOWED_VALUES,
        REGEX,
        UNIQUE_KEY,
        COMPARISON
    }

    /** The operators of a {@link Comparison}, as written in {@code op = ...}. */
    enum Operator {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("="), NE("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Optional<Operator> parse(String text) {
            for (Operator operator : values()) {
                if (operator.symbol.equals(text)) {
                    return Optional.of(operator);
                }
            }
            return Optional.empty();
        }
    }

    /** The names mlcycle gives its own checks; a configured rule cannot use them (counts per rule must stay exact). */
    List<String> RESERVED_PREFIXES = List.of("malformed", "duplicate-id", "cast:", "not-nullable:", "missing:", "label:");

    /** The key of a rule's policy on live events ({@link LiveEventPolicy}), read by {@link QualitySpec}. */
    String ON_LIVE_EVENT = "on-live-event";

    /** Unique among the rules; the quarantine records it and the counts are per name. Default {@code <type>:<columns>}. */
    String name();

    /** The kind of rule, as written in {@code type = ...}. */
    default Type type() {
        if (this instanceof NotNull) {
            return Type.NOT_NULL;
        }
        if (this instanceof Range) {
            return Type.RANGE;
        }
        if (this instanceof AllowedValues) {
            return Type.ALLOWED_VALUES;
        }
        if (this instanceof Regex) {
            return Type.REGEX;
        }
        return this instanceof UniqueKey ? Type.UNIQUE_KEY : Type.COMPARISON;
    }

    /** The columns the rule reads. */
    default List<String> columns() {
        if (this instanceof NotNull notNull) {
            return List.of(notNull.column());
        }
        if (this instanceof Range range) {
            return List.of(range.column());
        }
        if (this instanceof AllowedValues allowed) {
            return List.of(allowed.column());
        }
        if (this instanceof Regex regex) {
            return List.of(regex.column());
        }
        // UniqueKey's own accessor overrides this method
        Comparison comparison = (Comparison) this;
        return List.of(comparison.left(), comparison.right());
    }

    /** The value must be present. */
    record NotNull(String name, String column) implements QualityRule {
        public NotNull {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
        }
    }

    /**
     * The value must lie within [min, max] (inclusive; either bound may be absent). Bounds are numbers for numeric
     * columns, ISO dates (2026-01-31) for date columns and ISO instants (2026-01-31T00:00:00Z) for timestamp columns,
     * kept as written so reasons quote them as the user did.
     */
    record Range(String name, String column, Optional<String> min, Optional<String> max) implements QualityRule {
        public Range {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
            requireNonNull(min, "min is null");
            requireNonNull(max, "max is null");
        }
    }

    /** The value, in its text form, must be one of {@code values}. */
    record AllowedValues(String name, String column, List<String> values) implements QualityRule {
        public AllowedValues {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
            values = List.copyOf(values);
        }
    }

    /** The whole value must match the Java regular expression {@code pattern}. */
    record Regex(String name, String column, String pattern) implements QualityRule {
        public Regex {
            requireNonNull(name, "name is null");
            requireNonNull(column, "column is null");
            requireNonNull(pattern, "pattern is null");
        }
    }

    /**
     * No two silver rows share the values of {@code columns}: of the rows whose key repeats, the latest by event time
     * is kept and the others are rejected. Rows with a missing key column are not compared.
     */
    record UniqueKey(String name, List<String> columns) implements QualityRule {
        public UniqueKey {
            requireNonNull(name, "name is null");
            columns = List.copyOf(columns);
        }
    }

    /** {@code left op right} must hold for two columns of the same row, e.g. end_time > start_time. */
    record Comparison(String name, String left, Operator operator, String right) implements QualityRule {
        public Comparison {
            requireNonNull(name, "name is null");
            requireNonNull(left, "left is null");
            requireNonNull(operator, "operator is null");
            requireNonNull(right, "right is null");
        }
    }

    static QualityRule read(ConfigReader element, Map<String, ColumnSpec> schema) {
        Type type = element.choice("type", Type.class);
        String kind = ConfigReader.kebab(type);
        return switch (type) {
            case NOT_NULL -> {
                element.rejectUnknownKeys("type", "name", ON_LIVE_EVENT, "column");
                String column = QualityConfigChecks.column(element, "column", schema);
                yield new NotNull(element.stringOr("name", kind + ":" + column), column);
            }
            case RANGE -> readRange(element, schema, kind);
            case ALLOWED_VALUES -> readAllowedValues(element, schema, kind);
            case REGEX -> readRegex(element, schema, kind);
            case UNIQUE_KEY -> {
                element.rejectUnknownKeys("type", "name", ON_LIVE_EVENT, "columns");
                List<String> columns = element.nonEmptyStringList("columns");
                columns.forEach(column -> QualityConfigChecks.requireColumn(element, "columns", column, schema));
                yield new UniqueKey(element.stringOr("name", kind + ":" + String.join(",", columns)), columns);
            }
            case COMPARISON -> readComparison(element, schema, kind);
        };
    }

    private static Range readRange(ConfigReader element, Map<String, ColumnSpec> schema, String kind) {
        element.rejectUnknownKeys("type", "name", ON_LIVE_EVENT, "column", "min", "max");
        String column = QualityConfigChecks.column(element, "column", schema);
        ColumnSpec spec = schema.get(column);
        element.check(spec == null || spec.type().numeric() || spec.type().temporal(), "column", "'" + column + "'",
                "a numeric, date or timestamp column (range compares values)");
        Optional<String> min = QualityConfigChecks.bound(element, "min", spec);
        Optional<String> max = QualityConfigChecks.bound(element, "max", spec);
        element.check(min.isPresent() || max.isPresent() || !element.has("column"), "min", "(missing)", "min, max or both");
        QualityConfigChecks.checkOrdered(element, spec, min, max);
        return new Range(element.stringOr("name", kind + ":" + column), column, min, max);
    }

    private static AllowedValues readAllowedValues(ConfigReader element, Map<String, ColumnSpec> schema, String kind) {
        element.rejectUnknownKeys("type", "name", ON_LIVE_EVENT, "column", "values");
        String column = QualityConfigChecks.column(element, "column", schema);
        ColumnSpec spec = schema.get(column);
        element.check(spec == null || spec.type() == ColumnType.STRING || spec.type() == ColumnType.INTEGER
                || spec.type() == ColumnType.LONG || spec.type() == ColumnType.BOOLEAN, "column", "'" + column + "'",
                "a string, integer, long or boolean column (values are compared as text; use range for doubles and times)");
        List<String> values = element.nonEmptyStringList("values");
        if (spec != null && (spec.type() == ColumnType.INTEGER || spec.type() == ColumnType.LONG)) {
            values.forEach(value -> element.check(value.matches("-?\\d+"), "values", "'" + value + "'", "whole numbers, as " + column + " is an integer column"));
        }
        if (spec != null && spec.type() == ColumnType.BOOLEAN) {
            values.forEach(value -> element.check(value.equals("true") || value.equals("false"), "values", "'" + value + "'", "true or false"));
        }
        return new AllowedValues(element.stringOr("name", kind + ":" + column), column, values);
    }

    private static Regex readRegex(ConfigReader element, Map<String, ColumnSpec> schema, String kind) {
        element.rejectUnknownKeys("type", "name", ON_LIVE_EVENT, "column", "pattern");
        String column = QualityConfigChecks.column(element, "column", schema);
        ColumnSpec spec = schema.get(column);
        element.check(spec == null || spec.type() == ColumnType.STRING, "column", "'" + column + "'", "a string column (regex matches text)");
        String pattern = element.nonBlankString("pattern");
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            element.check(false, "pattern", "'" + pattern + "'", "a Java regular expression (" + e.getDescription() + " at index " + e.getIndex() + ")");
        }
        return new Regex(element.stringOr("name", kind + ":" + column), column, pattern);
    }

    private static Comparison readComparison(ConfigReader element, Map<String, ColumnSpec> schema, String kind) {
        element.rejectUnknownKeys("type", "name", ON_LIVE_EVENT, "left", "op", "right");
        String left = QualityConfigChecks.column(element, "left", schema);
        String right = QualityConfigChecks.column(element, "right", schema);
        String symbol = element.nonBlankString("op");
        Optional<Operator> operator = Operator.parse(symbol);
        element.check(operator.isPresent() || !element.has("op"), "op", "'" + symbol + "'", "one of <, <=, >, >=, =, !=");
        ColumnSpec l = schema.get(left);
        ColumnSpec r = schema.get(right);
        element.check(l == null || r == null || l.type() == r.type() || (l.type().numeric() && r.type().numeric()), "right",
                "'" + right + "'", "a column of a type comparable with " + left + " (" + (l == null ? "?" : ConfigReader.kebab(l.type())) + ")");
        Operator op = operator.orElse(Operator.LT);
        return new Comparison(element.stringOr("name", kind + ":" + left + op.symbol() + right), left, op, right);
    }
}
