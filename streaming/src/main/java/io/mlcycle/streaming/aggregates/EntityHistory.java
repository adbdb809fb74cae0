package io.mlcycle.streaming.aggregates;

import io.mlcycle.common.dataset.AggregateSpec;
import io.mlcycle.common.features.TrailingWindow;
import io.mlcycle.common.features.TrailingWindow.TimedValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The earlier events of one entity the stream keeps for its aggregates, with the bounds that say what it still knows.
 * Events are kept one per id (a redelivered event counts once; of two events of one id, the later in event time is kept,
 * as silver keeps the latest row of an id). After each micro-batch, every event more than {@code retention} (the longest
 * window plus the allowed lateness) before the entity's latest event is dropped; {@link #evictedBefore} remembers up to
 * where, so that an aggregate whose window reaches further back is known to be incomplete instead of silently too small.
 */
final class EntityHistory {
    /** No event dropped yet. */
    static final long NOTHING_EVICTED = Long.MIN_VALUE;
    /** No event seen yet. */
    static final long NO_EVENT = Long.MIN_VALUE;

    private static final Comparator<Event> BY_TIME = Comparator.comparingLong(Event::eventMicros).thenComparing(Event::id);

    /** One kept event: its id, event time (microseconds) and aggregated values, one per value slot (null when missing). */
    record Event(String id, long eventMicros, List<Double> values) {
        Event {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    private final Map<String, Event> byId = new HashMap<>();
    private long latestMicros;
    private long evictedBefore;
    private List<Event> sorted;

    EntityHistory(List<Event> events, long latestMicros, long evictedBefore) {
        events.forEach(this::add);
        this.latestMicros = latestMicros;
        this.evictedBefore = evictedBefore;
    }

    /** Adds an event that counts for later ones; an id already kept keeps the later of the two (the new one on a tie). */
    void add(Event event) {
        Event kept = byId.get(event.id());
        if (kept == null || event.eventMicros() >= kept.eventMicros()) {
            byId.put(event.id(), event);
            sorted = null;
        }
    }

    /** Whether every event the window of an event at {@code eventMicros} needs is still kept. */
    boolean complete(long eventMicros, long windowMicros) {
        return evictedBefore == NOTHING_EVICTED || eventMicros - windowMicros >= evictedBefore;
    }

    /** The aggregate of an event at {@code eventMicros} over the kept events; {@code slot} -1 counts events, whatever their values. */
    Object aggregate(AggregateSpec.Function function, int slot, long eventMicros, long windowMicros) {
        List<TimedValue> values = new ArrayList<>();
        for (Event event : sorted()) {
            values.add(new TimedValue(event.eventMicros(), slot < 0 ? Double.valueOf(1.0) : event.values().get(slot)));
        }
        return TrailingWindow.aggregate(function, values, eventMicros, windowMicros);
    }

    /** Moves the entity's clock to {@code eventMicros} if it is later, and drops what falls more than {@code retentionMicros} behind it. */
    void advance(long eventMicros, long retentionMicros) {
        latestMicros = Math.max(latestMicros, eventMicros);
        if (latestMicros == NO_EVENT) {
            return;
        }
        long bound = latestMicros - retentionMicros;
        if (bound > evictedBefore) {
            evictedBefore = bound;
            byId.values().removeIf(event -> event.eventMicros() < bound);
            sorted = null;
        }
    }

    /** The kept events in event-time order (then by id): the order the batch window adds them in. */
    List<Event> sorted() {
        if (sorted == null) {
            sorted = byId.values().stream().sorted(BY_TIME).toList();
        }
        return sorted;
    }

    long latestMicros() {
        return latestMicros;
    }

    long evictedBefore() {
        return evictedBefore;
    }
}
