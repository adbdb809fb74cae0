package io.mlcycle.common.dataset;

import io.mlcycle.common.config.ConfigReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/** Shared checks of rule and correction elements. */
final class QualityConfigChecks {
    private QualityConfigChecks() {}

    static String column(ConfigReader element, String key, Map<String, ColumnSpec> schema) {
        String column = element.nonBlankString(key);
        if (element.has(key) && !column.isBlank()) {
            requireColumn(element, key, column, schema);
        }
        return column;
    }

    static void requireColumn(ConfigReader element, String key, String column, Map<String, ColumnSpec> schema) {
        element.check(schema.containsKey(column), key, "'" + column + "'", "a column of mlcycle.dataset.schema");
    }

    /** A range or clip bound as written, checked against the column's type. */
    static Optional<String> bound(ConfigReader element, String key, ColumnSpec column) {
        if (!element.has(key)) {
            return Optional.empty();
        }
        String text = element.string(key);
        if (column != null && !parses(text, column.type())) {
            element.check(false, key, "'" + text + "'", expectedBound(column.type()));
        }
        return Optional.of(text);
    }

    static void checkOrdered(ConfigReader element, ColumnSpec column, Optional<String> min, Optional<String> max) {
        if (column == null || min.isEmpty() || max.isEmpty() || !parses(min.get(), column.type()) || !parses(max.get(), column.type())) {
            return;
        }
        boolean ordered = switch (column.type()) {
            case DATE -> !LocalDate.parse(min.get()).isAfter(LocalDate.parse(max.get()));
            case TIMESTAMP -> !Instant.parse(min.get()).isAfter(Instant.parse(max.get()));
            default -> Double.parseDouble(min.get()) <= Double.parseDouble(max.get());
        };
        element.check(ordered, "max", "'" + max.get() + "'", "a value not below min (" + min.get() + ")");
    }

    static boolean parses(String text, ColumnType type) {
        try {
            switch (type) {
                case DATE -> LocalDate.parse(text);
                case TIMESTAMP -> Instant.parse(text);
                case INTEGER, LONG -> {
                    return text.matches("-?\\d+");
                }
                case DOUBLE -> {
                    double value = Double.parseDouble(text);
                    return !Double.isNaN(value);
                }
                default -> {
                    return false;
                }
            }
            return true;
        } catch (DateTimeParseException | NumberFormatException e) {
            return false;
        }
    }

    static String expectedBound(ColumnType type) {
        return switch (type) {
            case DATE -> "an ISO date such as 2026-01-31";
            case TIMESTAMP -> "an ISO instant such as 2026-01-31T00:00:00Z";
            case INTEGER, LONG -> "a whole number";
            default -> "a number";
        };
    }
}
