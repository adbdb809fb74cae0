package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;
import java.time.Duration;
import java.util.Map;

/**
 * An aggregate of the same entity's earlier events over a trailing window, e.g. the sum of a customer's amounts in the
 * 30 days before this event. Point-in-time correct: only events strictly before the row's event time count (an event
 * at the same instant does not), so no row sees its own or a later event.
 *
 * @param column the aggregated column; "" for {@code count} of events
 */
public record AggregateSpec(String name, String column, Function function, Duration window) {
    public enum Function {
        /** Events in the window (of {@code column} non-null when given); 0 when there are none. */
        COUNT,
        /** Sum of the values; 0 when there are none. */
        SUM,
        /** Mean of the values; null when there are none (then imputed). */
        MEAN,
        MAX,
        MIN
    }

    public AggregateSpec {
        requireNonNull(name, "name is null");
        requireNonNull(column, "column is null");
        requireNonNull(function, "function is null");
        requireNonNull(window, "window is null");
    }

    static AggregateSpec read(ConfigReader element) {
        element.rejectUnknownKeys("name", "column", "function", "window");
        Function function = element.choice("function", Function.class);
        AggregateSpec aggregate = new AggregateSpec(element.nonBlankString("name"), element.stringOr("column", ""), function,
                element.positiveDuration("window"));
        element.check(function == Function.COUNT || !aggregate.column.isBlank(), "column", "(missing)",
                "the column to aggregate (only count may go without one)");
        return aggregate;
    }

    void check(ConfigReader reader, String key, DatasetSpec spec, Map<String, ColumnSpec> schema) {
        reader.check(spec.hasEntity(), key, "'" + name + "'", "an aggregate only when mlcycle.dataset.entity-column is set");
        reader.check(spec.hasTime(), key, "'" + name + "'", "an aggregate only when mlcycle.dataset.time-column is set");
        if (column.isBlank()) {
            return;
        }
        ColumnSpec columnSpec = schema.get(column);
        reader.check(columnSpec != null, key + ".column", "'" + column + "'", "a column of mlcycle.dataset.schema");
        if (columnSpec != null && function != Function.COUNT) {
            reader.check(columnSpec.type().numeric(), key + ".column", "'" + column + "'", "a numeric column (function = "
                    + ConfigReader.kebab(function) + ")");
        }
    }
}
