package io.mlcycle.common.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.dataset.AggregateSpec;
import io.mlcycle.common.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Entity aggregates over a trailing event-time window, as window functions over a whole table (the features job and
 * batch scoring). Point-in-time correct: a row's aggregate covers the same entity's events with an event time in
 * {@code [t - window, t)}, in microseconds; an event at the row's own instant, the row itself and every later event are
 * excluded, so training never sees what serving could not have known. A row without an entity or an event time has no
 * earlier events. {@link TrailingWindow} states the same meaning for one event, without Spark; the streaming scorer
 * computes it from the events it keeps per entity, and a test holds the two equal.
 */
public final class EntityAggregates {
    private EntityAggregates() {}

    /** The batch column expression of one aggregate (a window function over the whole history). */
    public static Column column(AggregateSpec aggregate, DatasetSpec spec) {
        requireEntityAndTime(spec);
        long windowMicros = TrailingWindow.windowMicros(aggregate);
        WindowSpec window = Window.partitionBy(col(spec.entityColumn()))
                .orderBy(eventMicros(spec))
                .rangeBetween(-windowMicros, -1);
        Column value = aggregate.column().isEmpty() ? lit(1) : col(aggregate.column());
        Column over = switch (aggregate.function()) {
            case COUNT -> count(value).over(window);
            case SUM -> coalesce(sum(value.cast(DataTypes.DoubleType)).over(window), lit(0.0));
            case MEAN -> mean(value.cast(DataTypes.DoubleType)).over(window);
            case MAX -> max(value.cast(DataTypes.DoubleType)).over(window);
            case MIN -> min(value.cast(DataTypes.DoubleType)).over(window);
        };
        // the window groups all rows without an entity (or time) together; they are no entity's events
        Column empty = lit(TrailingWindow.empty(aggregate.function())).cast(TrailingWindow.type(aggregate.function()));
        return when(col(spec.entityColumn()).isNull().or(col(spec.timeColumn()).isNull()), empty).otherwise(over);
    }

    /** Adds every aggregate of the spec as a column named after it (type: {@link TrailingWindow#type}). */
    public static Dataset<Row> withAggregates(Dataset<Row> rows, DatasetSpec spec) {
        List<AggregateSpec> aggregates = spec.featureSpec().aggregates();
        if (aggregates.isEmpty()) {
            return rows;
        }
        requireEntityAndTime(spec);
        List<String> needed = new ArrayList<>(List.of(spec.entityColumn(), spec.timeColumn()));
        aggregates.stream().map(AggregateSpec::column).filter(c -> !c.isEmpty()).forEach(needed::add);
        FeatureFrames.requireColumns(rows, needed.toArray(String[]::new));
        Dataset<Row> result = rows;
        for (AggregateSpec aggregate : aggregates) {
            result = result.withColumn(aggregate.name(), column(aggregate, spec));
        }
        return result;
    }

    private static Column eventMicros(DatasetSpec spec) {
        return unix_micros(col(spec.timeColumn()).cast(DataTypes.TimestampType));
    }

    private static void requireEntityAndTime(DatasetSpec spec) {
        if (!spec.hasEntity() || !spec.hasTime()) {
            throw new IllegalArgumentException("Cannot compute entity aggregates of dataset " + spec.name()
                    + ": they need an entity and a time column. Set mlcycle.dataset.entity-column and time-column, or remove"
                    + " mlcycle.dataset.features.aggregates.");
        }
    }
}
