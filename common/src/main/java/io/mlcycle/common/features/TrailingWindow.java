package io.mlcycle.common.features;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.dataset.AggregateSpec;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The meaning of one entity aggregate, written once without Spark: the value of an aggregate for an event at time
 * {@code t} over the entity's events with an event time in {@code [t - window, t)}, in microseconds (strictly earlier:
 * an event at the same instant does not count, one exactly {@code window} earlier does). The batch window functions of
 * {@link EntityAggregates} compute the same thing over a whole table; the streaming scorer calls {@link #aggregate} on the
 * events it keeps per entity. Missing values (null) are skipped by every function, as SQL aggregates skip them.
 */
public final class TrailingWindow {
    private TrailingWindow() {}

    /** One earlier event as an aggregate sees it: its event time in microseconds and the aggregated value, null when missing. */
    public record TimedValue(long eventMicros, Double value) {}

    /** The window's length in microseconds (what {@code rangeBetween} of the batch window uses). */
    public static long windowMicros(AggregateSpec aggregate) {
        return aggregate.window().toNanos() / 1_000;
    }

    /** Whether an event at {@code earlierMicros} is in the window of an event at {@code eventMicros}. */
    public static boolean covers(long eventMicros, long windowMicros, long earlierMicros) {
        return earlierMicros >= eventMicros - windowMicros && earlierMicros < eventMicros;
    }

    /** The Spark type of an aggregate's column: long for {@code count}, double for the others. */
    public static DataType type(AggregateSpec.Function function) {
        return function == AggregateSpec.Function.COUNT ? DataTypes.LongType : DataTypes.DoubleType;
    }

    /** The value with no earlier event: count 0, sum 0.0, mean, max and min null. */
    public static Object empty(AggregateSpec.Function function) {
        return switch (function) {
            case COUNT -> 0L;
            case SUM -> 0.0;
            case MEAN, MAX, MIN -> null;
        };
    }

    /**
     * The aggregate for an event at {@code eventMicros} over {@code events} (any order; those outside the window are
     * ignored): a {@link Long} for {@code count} (of the non-null values), else a {@link Double}, null for mean, max and
     * min when no value is in the window. Values are added in the order given: give them in event-time order to add them
     * as the batch window does.
     */
    public static Object aggregate(AggregateSpec.Function function, List<TimedValue> events, long eventMicros, long windowMicros) {
        requireNonNull(function, "function is null");
        long count = 0;
        double sum = 0.0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (TimedValue event : events) {
            if (event.value() == null || !covers(eventMicros, windowMicros, event.eventMicros())) {
                continue;
            }
            double value = event.value();
            count++;
            sum += value;
            max = Math.max(max, value);
            min = Math.min(min, value);
        }
        if (count == 0) {
            return empty(function);
        }
        return switch (function) {
            case COUNT -> count;
            case SUM -> sum;
            case MEAN -> sum / count;
            case MAX -> max;
            case MIN -> min;
        };
    }
}
