package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A column computed from others of the same row, written in {@code mlcycle.dataset.features.derived}. It is a Spark SQL
 * expression ({@link #sql()}) evaluated inside the model's pipeline (a {@code SQLTransformer}), so training and scoring
 * compute it alike. Its inputs are schema columns or looked-up or aggregated ones, never other derived columns.
 *
 * @param inputs the columns named by the definition (for a free expression, the columns it refers to)
 * @param part the part of a date-part column, else null
 * @param expression the Spark SQL text of a free expression, else ""
 */
public record DerivedColumn(String name, Kind kind, List<String> inputs, DatePart part, String expression) {
    public enum Kind {
        /** {@code ratio = [a, b]}: a / b as a double; null when b is 0 or either is null. */
        RATIO,
        /** {@code product = [a, b, ...]}: the product as a double (a numeric interaction). */
        PRODUCT,
        /** {@code interaction = [a, b, ...]}: the values joined with "|" as one category; null when one is null. */
        INTERACTION,
        /** {@code date-part = { column, part }}: a calendar part of a date or timestamp, in the session time zone (UTC). */
        DATE_PART,
        /** {@code expression = "..."}: any Spark SQL expression over the row's columns. */
        EXPRESSION
    }

    /** Calendar parts and the Spark SQL function giving each. */
    public enum DatePart {
        HOUR("hour"),
        /** 1 = Sunday ... 7 = Saturday. */
        DAY_OF_WEEK("dayofweek"),
        MONTH("month"),
        DAY_OF_MONTH("dayofmonth"),
        DAY_OF_YEAR("dayofyear"),
        YEAR("year");

        private final String function;

        DatePart(String function) {
            this.function = function;
        }
    }

    /** Whether Spark's SQL parser is on the classpath (the jobs: yes; the CLI: no, expressions are then checked by the jobs). */
    private static final boolean SPARK_SQL = sparkSqlPresent();
    private static final Set<String> KINDS = Set.of("ratio", "product", "interaction", "date-part", "expression");

    public DerivedColumn {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        inputs = List.copyOf(inputs);
        requireNonNull(expression, "expression is null");
    }

    public static DerivedColumn ratio(String name, String numerator, String denominator) {
        return new DerivedColumn(name, Kind.RATIO, List.of(numerator, denominator), null, "");
    }

    public static DerivedColumn product(String name, List<String> factors) {
        return new DerivedColumn(name, Kind.PRODUCT, factors, null, "");
    }

    public static DerivedColumn interaction(String name, List<String> columns) {
        return new DerivedColumn(name, Kind.INTERACTION, columns, null, "");
    }

    public static DerivedColumn datePart(String name, String column, DatePart part) {
        return new DerivedColumn(name, Kind.DATE_PART, List.of(column), part, "");
    }

    /** A free Spark SQL expression; its inputs are the columns it names (none when it does not parse). */
    public static DerivedColumn expression(String name, String expression) {
        return new DerivedColumn(name, Kind.EXPRESSION, referencedColumns(expression), null, expression);
    }

    /** The Spark SQL expression computing the column from its inputs. */
    public String sql() {
        return switch (kind) {
            case RATIO -> "try_divide(" + asDouble(inputs.get(0)) + ", " + asDouble(inputs.get(1)) + ")";
            case PRODUCT -> inputs.stream().map(DerivedColumn::asDouble).collect(Collectors.joining(" * "));
            case INTERACTION -> "CASE WHEN " + inputs.stream().map(c -> quote(c) + " IS NULL").collect(Collectors.joining(" OR "))
                    + " THEN NULL ELSE concat_ws('|', " + inputs.stream().map(c -> "CAST(" + quote(c) + " AS STRING)").collect(Collectors.joining(", "))
                    + ") END";
            case DATE_PART -> part.function + "(" + quote(inputs.get(0)) + ")";
            case EXPRESSION -> "(" + expression + ")";
        };
    }

    /** A column name quoted for Spark SQL. */
    public static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    private static String asDouble(String column) {
        return "CAST(" + quote(column) + " AS DOUBLE)";
    }

    static DerivedColumn read(ConfigReader element) {
        element.rejectUnknownKeys("name", "ratio", "product", "interaction", "date-part", "expression");
        String name = element.nonBlankString("name");
        List<String> given = KINDS.stream().filter(element::has).sorted().toList();
        element.check(given.size() == 1, "name", "'" + name + "'", "a derived column defined by exactly one of " + KINDS.stream().sorted().toList()
                + (given.isEmpty() ? "" : " (it has " + given + ")"));
        if (element.has("ratio")) {
            List<String> pair = element.stringListOr("ratio", List.of());
            element.check(pair.size() == 2, "ratio", String.valueOf(pair), "two columns [numerator, denominator]");
            return pair.size() == 2 ? ratio(name, pair.get(0), pair.get(1)) : ratio(name, "?", "?");
        }
        if (element.has("product") || element.has("interaction")) {
            String key = element.has("product") ? "product" : "interaction";
            List<String> columns = element.stringListOr(key, List.of());
            element.check(columns.size() >= 2, key, String.valueOf(columns), "two or more columns");
            return key.equals("product") ? product(name, columns) : interaction(name, columns);
        }
        if (element.has("date-part")) {
            return element.object("date-part").map(part -> {
                part.rejectUnknownKeys("column", "part");
                return datePart(name, part.nonBlankString("column"), part.choice("part", DatePart.class));
            }).orElseGet(() -> datePart(name, "?", DatePart.HOUR));
        }
        String text = element.stringOr("expression", "");
        return expression(name, text);
    }

    void check(ConfigReader reader, String key, Set<String> available, Map<String, ColumnSpec> schema) {
        for (String input : inputs) {
            reader.check(available.contains(input), key, "'" + input + "'",
                    "an input of derived column " + name + " that is a schema, looked-up or aggregated column (not another derived one)");
        }
        if (kind == Kind.DATE_PART && schema.containsKey(inputs.get(0))) {
            reader.check(schema.get(inputs.get(0)).type().temporal(), key + ".date-part.column", "'" + inputs.get(0) + "'",
                    "a column of type date or timestamp");
        }
        if (kind == Kind.EXPRESSION) {
            String problem = parseProblem(expression);
            reader.check(problem == null, key + ".expression", "'" + expression + "'", "a Spark SQL expression (" + problem + ")");
        }
    }

    /** Columns a Spark SQL expression reads; empty when it does not parse, or when Spark is not on the classpath (the CLI). */
    private static List<String> referencedColumns(String text) {
        return SPARK_SQL ? SqlExpressions.referencedColumns(text) : List.of();
    }

    /** Why a Spark SQL expression does not parse, or null; null also without Spark on the classpath (the jobs check it at start). */
    private static String parseProblem(String text) {
        if (text.isBlank()) {
            return "it is empty";
        }
        return SPARK_SQL ? SqlExpressions.parseProblem(text) : null;
    }

    private static boolean sparkSqlPresent() {
        try {
            Class.forName("org.apache.spark.sql.catalyst.parser.CatalystSqlParser", false, DerivedColumn.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
