package io.mlcycle.streaming.aggregates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.ListState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The keyed state of {@link StreamAggregates}: per entity (the grouping key), the events it keeps ({@link EntityHistory})
 * in the state store, so that they survive a restart through the checkpoint. Each micro-batch's events of an entity are
 * first all added (so their arrival order within the batch does not matter), then each gets its aggregates, then the
 * entity's clock moves on and what is too old is dropped. The null key holds the records that are no entity's events
 * (rejected, or without an entity): they pass through with the values of no earlier event, and touch no state.
 */
final class AggregateProcessor extends StatefulProcessor<String, Row, Row> {
    private static final StructType EVENT = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("event_micros", DataTypes.LongType, false)
            .add("values", DataTypes.createArrayType(DataTypes.DoubleType, true), false);

    private final AggregatePlan plan;
    private transient ListState<Row> events;
    private transient ValueState<Long> latestMicros;
    private transient ValueState<Long> evictedBefore;

    AggregateProcessor(AggregatePlan plan) {
        this.plan = plan;
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        events = getHandle().getListState("events", Encoders.row(EVENT), TTLConfig.NONE());
        latestMicros = getHandle().getValueState("latest_event_micros", Encoders.LONG(), TTLConfig.NONE());
        evictedBefore = getHandle().getValueState("evicted_before_micros", Encoders.LONG(), TTLConfig.NONE());
    }

    @Override
    public Iterator<Row> handleInputRows(String entity, Iterator<Row> rows, TimerValues timerValues) {
        List<Row> batch = new ArrayList<>();
        CollectionConverters.asJava(rows).forEachRemaining(batch::add);
        List<Row> output = new ArrayList<>(batch.size());
        if (entity == null) {
            batch.forEach(row -> output.add(plan.withoutEarlierEvents(row)));
            return CollectionConverters.asScala(output.iterator());
        }
        EntityHistory history = load();
        batch.stream().filter(plan::counts).forEach(row -> history.add(plan.event(row)));
        long batchLatest = EntityHistory.NO_EVENT;
        for (Row row : batch) {
            output.add(plan.withAggregates(row, history, entity));
            batchLatest = Math.max(batchLatest, plan.eventMicros(row));
        }
        history.advance(batchLatest, plan.retentionMicros());
        save(history);
        return CollectionConverters.asScala(output.iterator());
    }

    private EntityHistory load() {
        List<EntityHistory.Event> kept = new ArrayList<>();
        if (events.exists()) {
            CollectionConverters.asJava(events.get()).forEachRemaining(
                    row -> kept.add(new EntityHistory.Event(row.getString(0), row.getLong(1), row.getList(2))));
        }
        return new EntityHistory(kept, latestMicros.exists() ? latestMicros.get() : EntityHistory.NO_EVENT,
                evictedBefore.exists() ? evictedBefore.get() : EntityHistory.NOTHING_EVICTED);
    }

    private void save(EntityHistory history) {
        List<EntityHistory.Event> kept = history.sorted();
        if (kept.isEmpty()) {
            events.clear();
        } else {
            events.put(kept.stream().map(event -> RowFactory.create(event.id(), event.eventMicros(),
                    CollectionConverters.asScala(event.values()).toSeq())).toArray(Row[]::new));
        }
        latestMicros.update(history.latestMicros());
        evictedBefore.update(history.evictedBefore());
    }

    /** An instant in microseconds as ISO-8601 text, for the flags. */
    static String instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L).toString();
    }
}
