package io.mlcycle.common.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlcycle.common.dataset.AggregateSpec;
import io.mlcycle.common.dataset.AggregateSpec.Function;
import io.mlcycle.common.features.TrailingWindow.TimedValue;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The aggregate of one event over its entity's earlier events, against values computed by hand. */
class TrailingWindowTest {
    /** 10 minutes in microseconds. */
    private static final long WINDOW = 600_000_000L;
    private static final long T = 1_000_000_000_000L;

    @Test
    void countsTheEventExactlyOneWindowEarlierButNotTheOneAtTheSameInstant() {
        List<TimedValue> events = List.of(
                new TimedValue(T - WINDOW - 1, 1000.0), // one microsecond before the window
                new TimedValue(T - WINDOW, 2.0), // exactly on the boundary: inside
                new TimedValue(T - 1, 4.0),
                new TimedValue(T, 64.0), // same instant: outside
                new TimedValue(T + 1, 128.0)); // later: outside

        assertThat(TrailingWindow.aggregate(Function.COUNT, events, T, WINDOW)).isEqualTo(2L);
        assertThat(TrailingWindow.aggregate(Function.SUM, events, T, WINDOW)).isEqualTo(6.0);
        assertThat(TrailingWindow.aggregate(Function.MEAN, events, T, WINDOW)).isEqualTo(3.0);
        assertThat(TrailingWindow.aggregate(Function.MAX, events, T, WINDOW)).isEqualTo(4.0);
        assertThat(TrailingWindow.aggregate(Function.MIN, events, T, WINDOW)).isEqualTo(2.0);
    }

    @Test
    void skipsMissingValues() {
        List<TimedValue> events = List.of(new TimedValue(T - 3, null), new TimedValue(T - 2, -5.0), new TimedValue(T - 1, null));

        assertThat(TrailingWindow.aggregate(Function.COUNT, events, T, WINDOW)).isEqualTo(1L);
        assertThat(TrailingWindow.aggregate(Function.SUM, events, T, WINDOW)).isEqualTo(-5.0);
        assertThat(TrailingWindow.aggregate(Function.MEAN, events, T, WINDOW)).isEqualTo(-5.0);
        assertThat(TrailingWindow.aggregate(Function.MAX, events, T, WINDOW)).isEqualTo(-5.0);
        assertThat(TrailingWindow.aggregate(Function.MIN, events, T, WINDOW)).isEqualTo(-5.0);
    }

    @Test
    void givesZeroCountAndSumAndNoMeanMaxOrMinWithoutEarlierValues() {
        List<TimedValue> onlyMissingOrOutside = List.of(new TimedValue(T - 1, null), new TimedValue(T, 7.0));

        for (List<TimedValue> events : List.of(List.<TimedValue>of(), onlyMissingOrOutside)) {
            assertThat(TrailingWindow.aggregate(Function.COUNT, events, T, WINDOW)).isEqualTo(0L);
            assertThat(TrailingWindow.aggregate(Function.SUM, events, T, WINDOW)).isEqualTo(0.0);
            assertThat(TrailingWindow.aggregate(Function.MEAN, events, T, WINDOW)).isNull();
            assertThat(TrailingWindow.aggregate(Function.MAX, events, T, WINDOW)).isNull();
            assertThat(TrailingWindow.aggregate(Function.MIN, events, T, WINDOW)).isNull();
        }
    }

    @Test
    void windowsAreMicrosecondsAndCountsAreLongs() {
        assertThat(TrailingWindow.windowMicros(new AggregateSpec("n", "", Function.COUNT, Duration.ofDays(30)))).isEqualTo(2_592_000_000_000L);
        assertThat(TrailingWindow.windowMicros(new AggregateSpec("n", "", Function.COUNT, Duration.ofNanos(1_999)))).isEqualTo(1L);
        assertThat(TrailingWindow.type(Function.COUNT)).isEqualTo(DataTypes.LongType);
        assertThat(TrailingWindow.type(Function.MIN)).isEqualTo(DataTypes.DoubleType);
    }
}
