package io.mlcycle.common.quality;

import static io.mlcycle.common.quality.QualityColumns.VIOLATIONS;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.rint;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.dataset.SparkTypes;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.Correction;
import io.mlcycle.common.dataset.QualityRule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** The column expressions of corrections and rules; {@link QualityFrames} puts them together. */
final class QualityExpressions {
    private QualityExpressions() {}

    /** A {rule, reason} struct. */
    static Column violation(String rule, Column reason) {
        return struct(lit(rule).as("rule"), reason.as("reason"));
    }

    /** True when the row's value of {@code column} failed its cast (so a missing typed value is not "missing"). */
    static Column castFailed(String column) {
        return array_contains(col(VIOLATIONS).getField("rule"), castRule(column));
    }

    static String castRule(String column) {
        return "cast:" + column;
    }

    /** How a value reads in a reason: text quoted, whole doubles without ".0", others as Spark writes them. */
    static Column display(Column value, ColumnType type) {
        return switch (type) {
            case STRING -> concat(lit("'"), value, lit("'"));
            case DOUBLE -> when(value.equalTo(rint(value)).and(abs(value).lt(1e15)), value.cast(DataTypes.LongType).cast(DataTypes.StringType))
                    .otherwise(value.cast(DataTypes.StringType));
            default -> value.cast(DataTypes.StringType);
        };
    }

    static Column applyText(Correction correction, Column text) {
        if (correction instanceof Correction.Text t) {
            return switch (t.type()) {
                case TRIM -> trim(text);
                case LOWER -> lower(text);
                case UPPER -> upper(text);
                default -> throw new IllegalArgumentException("Cannot apply text correction " + t + ": not a text operation");
            };
        }
        Correction.MapValues map = (Correction.MapValues) correction;
        Column mapped = null;
        for (Map.Entry<String, String> entry : map.values().entrySet()) {
            Column target = lit(entry.getValue()).cast(DataTypes.StringType);
            mapped = mapped == null ? when(text.equalTo(entry.getKey()), target) : mapped.when(text.equalTo(entry.getKey()), target);
        }
        return mapped == null ? text : mapped.otherwise(text);
    }

    static Column applyNumeric(Correction correction, Column value, ColumnType type) {
        if (correction instanceof Correction.Scale scale) {
            Column scaled = value.multiply(scale.factor()).plus(scale.offset());
            return type == ColumnType.DOUBLE ? scaled : round(scaled).try_cast(SparkTypes.of(type));
        }
        Correction.Clip clip = (Correction.Clip) correction;
        Column clipped = value;
        if (clip.min().isPresent()) {
            clipped = greatest(clipped, literal(clip.min().get(), type));
        }
        if (clip.max().isPresent()) {
            clipped = least(clipped, literal(clip.max().get(), type));
        }
        // greatest and least skip nulls: without the guard a missing value would become the bound
        return when(value.isNotNull(), clipped);
    }

    /** A bound as written in the config (already checked to parse) as a literal of the column's type. */
    static Column literal(String text, ColumnType type) {
        return switch (type) {
            case INTEGER -> lit(Integer.parseInt(text));
            case LONG -> lit(Long.parseLong(text));
            case DATE -> lit(LocalDate.parse(text));
            case TIMESTAMP -> lit(Instant.parse(text));
            default -> lit(Double.parseDouble(text));
        };
    }

    /** The violation struct of a row rule, or null when the row satisfies it. Unique keys are not row rules. */
    static Column check(QualityRule rule, Map<String, ColumnSpec> schema) {
        if (rule instanceof QualityRule.NotNull notNull) {
            String c = notNull.column();
            return when(col(c).isNull().and(not(castFailed(c))), violation(rule.name(), lit(c + " is missing")));
        }
        if (rule instanceof QualityRule.Range range) {
            return range(range, schema.get(range.column()).type());
        }
        if (rule instanceof QualityRule.AllowedValues allowed) {
            Column value = col(allowed.column());
            ColumnType type = schema.get(allowed.column()).type();
            return when(value.isNotNull().and(not(value.cast(DataTypes.StringType).isin(allowed.values().toArray()))),
                    violation(rule.name(), concat(lit(allowed.column() + " = "), display(value, type), lit(" is not one of " + allowed.values()))));
        }
        if (rule instanceof QualityRule.Regex regex) {
            Column value = col(regex.column());
            return when(value.isNotNull().and(not(value.rlike("\\A(?:" + regex.pattern() + ")\\z"))),
                    violation(rule.name(), concat(lit(regex.column() + " = "), display(value, ColumnType.STRING),
                            lit(" does not match the pattern " + regex.pattern()))));
        }
        if (rule instanceof QualityRule.Comparison comparison) {
            return comparison(comparison, schema);
        }
        throw new IllegalArgumentException("Cannot check rule " + rule + " row by row: it compares rows (see QualityFrames.enforceUniqueKeys)");
    }

    private static Column range(QualityRule.Range range, ColumnType type) {
        Column value = col(range.column());
        Column shown = display(value, type);
        Column result = null;
        if (range.min().isPresent()) {
            result = when(value.lt(literal(range.min().get(), type)), violation(range.name(),
                    concat(lit(range.column() + " = "), shown, lit(" is below the minimum " + range.min().get()))));
        }
        if (range.max().isPresent()) {
            Column above = value.gt(literal(range.max().get(), type));
            Column violation = violation(range.name(), concat(lit(range.column() + " = "), shown, lit(" is above the maximum " + range.max().get())));
            result = result == null ? when(above, violation) : result.when(above, violation);
        }
        return result;
    }

    private static Column comparison(QualityRule.Comparison comparison, Map<String, ColumnSpec> schema) {
        Column left = col(comparison.left());
        Column right = col(comparison.right());
        Column holds = switch (comparison.operator()) {
            case LT -> left.lt(right);
            case LE -> left.leq(right);
            case GT -> left.gt(right);
            case GE -> left.geq(right);
            case EQ -> left.equalTo(right);
            case NE -> left.notEqual(right);
        };
        Column reason = concat(lit(comparison.left() + " = "), display(left, schema.get(comparison.left()).type()),
                lit(" is not " + comparison.operator().symbol() + " " + comparison.right() + " = "), display(right, schema.get(comparison.right()).type()));
        return when(left.isNotNull().and(right.isNotNull()).and(not(holds)), violation(comparison.name(), reason));
    }

    static String typeName(ColumnType type) {
        return ConfigReader.kebab(type);
    }
}
