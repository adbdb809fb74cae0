package io.mlcycle.streaming.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The drift monitor's event-time bookkeeping, kept between micro-batches (no Spark in here).
 *
 * <p>A tumbling window {@code [start, end)} of one model version is open while
 * {@code end + allowedLateness > maxEventTime}, where {@code maxEventTime} is the largest event time scored so far.
 * Bin counts are only accepted for open windows; events that arrive for a closed window are too late and are not counted
 * (they are still scored). When the maximum event time reaches {@code end + allowedLateness} the window closes and is
 * handed out once by {@link #closeDue()}; the same rule as Spark's watermark with a delay of {@code allowedLateness}.
 */
public final class DriftWindows {
    /** A window of event time and the model version whose rows it counts. */
    public record Window(Instant start, Instant end, String modelName, String modelVersion) {
        public Window {
            requireNonNull(start, "start is null");
            requireNonNull(end, "end is null");
            requireNonNull(modelName, "modelName is null");
            requireNonNull(modelVersion, "modelVersion is null");
        }
    }

    /** Rows of a window whose value of {@code feature} fell into {@code bin}. */
    public record BinCount(Window window, String feature, int bin, long count) {
        public BinCount {
            requireNonNull(window, "window is null");
            requireNonNull(feature, "feature is null");
        }
    }

    /** A closed window with its accumulated counts per feature and bin. */
    public record ClosedWindow(Window window, Map<String, Map<Integer, Long>> counts) {
        public ClosedWindow {
            requireNonNull(window, "window is null");
            counts = Map.copyOf(counts);
        }

        /** The counts of {@code feature} over bins 0 to {@code bins - 1} (zero where nothing was counted). */
        public long[] counts(String feature, int bins) {
            long[] array = new long[bins];
            counts.getOrDefault(feature, Map.of()).forEach((bin, count) -> {
                if (bin < 0 || bin >= bins) {
                    throw new IllegalStateException("Cannot compare drift counts of feature " + feature + " in window " + window
                            + ": bin " + bin + " does not exist in its reference of " + bins + " bins. The counts were made with"
                            + " another reference; delete them from the drift-counts table.");
                }
                array[bin] = count;
            });
            return array;
        }
    }

    private static final Comparator<Window> ORDER = Comparator.comparing(Window::start)
            .thenComparing(Window::modelName)
            .thenComparing(Window::modelVersion);

    private final Duration allowedLateness;
    private final Map<Window, Map<String, Map<Integer, Long>>> open = new TreeMap<>(ORDER);
    private Instant maxEventTime;

    /**
     * State restored from storage: the largest event time seen, and the counts of windows not evaluated yet (open
     * ones, and closed ones that a crash kept from being evaluated; they are handed out by the next {@link #closeDue()}).
     */
    public DriftWindows(Duration allowedLateness, Optional<Instant> maxEventTime, List<BinCount> pendingCounts) {
        this.allowedLateness = requireNonNull(allowedLateness, "allowedLateness is null");
        this.maxEventTime = maxEventTime.orElse(null);
        pendingCounts.forEach(this::accumulate);
    }

    public Optional<Instant> maxEventTime() {
        return Optional.ofNullable(maxEventTime);
    }

    public boolean isOpen(Instant windowEnd) {
        return maxEventTime == null || windowEnd.plus(allowedLateness).isAfter(maxEventTime);
    }

    /** The counts that belong to open windows. */
    public List<BinCount> openOnly(List<BinCount> counts) {
        return counts.stream().filter(count -> isOpen(count.window().end())).toList();
    }

    /**
     * Adds counts of open windows. Add a batch's counts before {@link #advance advancing} to its maximum event time: that
     * time may close windows the batch itself has events for.
     */
    public void add(List<BinCount> counts) {
        for (BinCount count : counts) {
            if (!isOpen(count.window().end())) {
                throw new IllegalArgumentException("Cannot add counts to window " + count.window() + ": it closed when the event time"
                        + " reached " + count.window().end().plus(allowedLateness) + ". Filter the counts with openOnly first.");
            }
            accumulate(count);
        }
    }

    /** Moves the maximum event time forward (an earlier time changes nothing). */
    public void advance(Instant eventTime) {
        if (maxEventTime == null || eventTime.isAfter(maxEventTime)) {
            maxEventTime = eventTime;
        }
    }

    /** Removes and returns the windows that are closed, oldest first. Each window is returned once. */
    public List<ClosedWindow> closeDue() {
        List<ClosedWindow> closed = new ArrayList<>();
        Iterator<Map.Entry<Window, Map<String, Map<Integer, Long>>>> entries = open.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Window, Map<String, Map<Integer, Long>>> entry = entries.next();
            if (!isOpen(entry.getKey().end())) {
                closed.add(new ClosedWindow(entry.getKey(), copy(entry.getValue())));
                entries.remove();
            }
        }
        return closed;
    }

    private void accumulate(BinCount count) {
        open.computeIfAbsent(count.window(), w -> new HashMap<>())
                .computeIfAbsent(count.feature(), f -> new HashMap<>())
                .merge(count.bin(), count.count(), Long::sum);
    }

    private static Map<String, Map<Integer, Long>> copy(Map<String, Map<Integer, Long>> counts) {
        Map<String, Map<Integer, Long>> copy = new HashMap<>();
        counts.forEach((feature, bins) -> copy.put(feature, Map.copyOf(bins)));
        return copy;
    }
}
