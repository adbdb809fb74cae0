package io.mlcycle.streaming.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlcycle.streaming.monitor.DriftWindows.BinCount;
import io.mlcycle.streaming.monitor.DriftWindows.ClosedWindow;
import io.mlcycle.streaming.monitor.DriftWindows.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftWindowsTest {
    private static final Duration LATENESS = Duration.ofMinutes(10);
    private static final Window TEN = window("10:00", "11:00", "1");
    private static final Window ELEVEN = window("11:00", "12:00", "1");

    @Test
    void windowStaysOpenUntilMaxEventTimeReachesEndPlusLateness() {
        DriftWindows windows = new DriftWindows(LATENESS, Optional.empty(), List.of());
        windows.add(List.of(new BinCount(TEN, "amount", 0, 3)));

        windows.advance(at("11:09:59"));
        assertThat(windows.isOpen(TEN.end())).isTrue();
        assertThat(windows.closeDue()).isEmpty();

        windows.advance(at("11:10"));
        assertThat(windows.isOpen(TEN.end())).isFalse();
        assertThat(windows.closeDue()).extracting(ClosedWindow::window).containsExactly(TEN);
    }

    @Test
    void closedWindowIsHandedOutOnce() {
        DriftWindows windows = new DriftWindows(LATENESS, Optional.empty(), List.of());
        windows.add(List.of(new BinCount(TEN, "amount", 0, 3)));
        windows.advance(at("12:00"));

        assertThat(windows.closeDue()).hasSize(1);
        windows.advance(at("13:00"));
        assertThat(windows.closeDue()).isEmpty();
    }

    @Test
    void windowClosesInALaterBatchWhenLaterEventsArrive() {
        DriftWindows windows = new DriftWindows(LATENESS, Optional.empty(), List.of());
        // batch 1: events of 10:xx only
        windows.add(List.of(new BinCount(TEN, "amount", 1, 5)));
        windows.advance(at("10:59"));
        assertThat(windows.closeDue()).isEmpty();
        // batch 2: events of 11:xx, the latest at 11:20, past 11:00 + 10 minutes
        windows.add(List.of(new BinCount(ELEVEN, "amount", 1, 2)));
        windows.advance(at("11:20"));

        List<ClosedWindow> closed = windows.closeDue();

        assertThat(closed).extracting(ClosedWindow::window).containsExactly(TEN);
        assertThat(closed.get(0).counts("amount", 3)).containsExactly(0, 5, 0);
    }

    @Test
    void batchWithAWindowsEventsAndTheEventThatClosesItCountsThemBeforeClosing() {
        DriftWindows windows = new DriftWindows(LATENESS, Optional.empty(), List.of());
        // one batch: events of 10:xx and one at 11:15; counts go in first, then the batch's max event time
        List<BinCount> batch = List.of(new BinCount(TEN, "amount", 0, 4), new BinCount(ELEVEN, "amount", 0, 1));
        windows.add(windows.openOnly(batch));
        windows.advance(at("11:15"));

        List<ClosedWindow> closed = windows.closeDue();

        assertThat(closed).extracting(ClosedWindow::window).containsExactly(TEN);
        assertThat(closed.get(0).counts("amount", 1)).containsExactly(4);
    }

    @Test
    void countsForAClosedWindowAreTooLate() {
        DriftWindows windows = new DriftWindows(LATENESS, Optional.of(at("11:10")), List.of());
        List<BinCount> counts = List.of(new BinCount(TEN, "amount", 0, 1), new BinCount(ELEVEN, "amount", 0, 1));

        assertThat(windows.openOnly(counts)).containsExactly(new BinCount(ELEVEN, "amount", 0, 1));
        assertThatThrownBy(() -> windows.add(counts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add counts to window " + TEN + ": it closed when the event time reached 2026-01-01T11:10:00Z."
                        + " Filter the counts with openOnly first.");
    }

    @Test
    void countsAddUpPerFeatureAndBinAcrossBatches() {
        DriftWindows windows = new DriftWindows(LATENESS, Optional.empty(), List.of());
        windows.add(List.of(new BinCount(TEN, "amount", 0, 2), new BinCount(TEN, "amount", 2, 1), new BinCount(TEN, "channel", 1, 3)));
        windows.add(List.of(new BinCount(TEN, "amount", 0, 4), new BinCount(TEN, "channel", 0, 4)));
        windows.advance(at("11:10"));

        ClosedWindow closed = windows.closeDue().get(0);

        assertThat(closed.counts("amount", 4)).containsExactly(6, 0, 1, 0);
        assertThat(closed.counts("channel", 3)).containsExactly(4, 3, 0);
        assertThat(closed.counts("age", 2)).containsExactly(0, 0);
        assertThatThrownBy(() -> closed.counts("amount", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot compare drift counts of feature amount in window " + TEN
                        + ": bin 2 does not exist in its reference of 2 bins.");
    }

    @Test
    void eachModelVersionHasItsOwnWindow() {
        Window tenVersionTwo = window("10:00", "11:00", "2");
        DriftWindows windows = new DriftWindows(LATENESS, Optional.empty(), List.of());
        windows.add(List.of(new BinCount(TEN, "amount", 0, 2), new BinCount(tenVersionTwo, "amount", 0, 7)));
        windows.advance(at("11:10"));

        List<ClosedWindow> closed = windows.closeDue();

        assertThat(closed).extracting(ClosedWindow::window).containsExactly(TEN, tenVersionTwo);
        assertThat(closed.get(1).counts("amount", 1)).containsExactly(7);
    }

    @Test
    void restoredClosedWindowIsHandedOutByTheNextClose() {
        // a crash after the counts were stored and before the window's drift rows were: it must still be evaluated
        DriftWindows windows = new DriftWindows(LATENESS, Optional.of(at("11:30")), List.of(new BinCount(TEN, "amount", 0, 9)));

        assertThat(windows.maxEventTime()).contains(at("11:30"));
        assertThat(windows.closeDue()).extracting(ClosedWindow::window).containsExactly(TEN);
    }

    @Test
    void earlierEventTimeDoesNotMoveMaxBack() {
        DriftWindows windows = new DriftWindows(LATENESS, Optional.of(at("11:30")), List.of());

        windows.advance(at("10:00"));

        assertThat(windows.maxEventTime()).contains(at("11:30"));
    }

    private static Window window(String start, String end, String version) {
        return new Window(at(start), at(end), "model", version);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-01T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }
}
