package io.mlcycle.streaming.aggregates;

import io.mlcycle.common.dataset.AggregateSpec;
import io.mlcycle.common.events.KafkaEvents;
import io.mlcycle.common.features.TrailingWindow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What {@link AggregateProcessor} needs to read an input row and write an output row, as plain serializable values (it
 * travels to the executors with the processor). Input rows are the checked events followed by the helper columns of
 * {@link StreamAggregates}; output rows are the checked events (the first {@code eventFields} values, with
 * {@link KafkaEvents#QUALITY_FLAGS} extended) followed by one value per aggregate.
 */
final class AggregatePlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One aggregate: its name, function, window in microseconds and value slot (-1: a count of events). */
    record Aggregate(String name, AggregateSpec.Function function, long windowMicros, int slot) implements Serializable {}

    private final int eventFields;
    private final int qualityFlags;
    private final int id;
    private final int eventMicros;
    private final int counts;
    private final int values;
    private final List<Aggregate> aggregates;
    private final long retentionMicros;
    private final String latenessText;
    private final String entityColumn;
    private final String timeColumn;

    AggregatePlan(int eventFields, int qualityFlags, int firstHelper, List<Aggregate> aggregates, long retentionMicros, String latenessText,
                  String entityColumn, String timeColumn) {
        this.eventFields = eventFields;
        this.qualityFlags = qualityFlags;
        this.id = firstHelper + 1;
        this.eventMicros = firstHelper + 2;
        this.counts = firstHelper + 3;
        this.values = firstHelper + 4;
        this.aggregates = List.copyOf(aggregates);
        this.retentionMicros = retentionMicros;
        this.latenessText = latenessText;
        this.entityColumn = entityColumn;
        this.timeColumn = timeColumn;
    }

    long retentionMicros() {
        return retentionMicros;
    }

    /** Whether the row is one the batch features would hold: a valid event that violates no quality rule. */
    boolean counts(Row row) {
        return row.getBoolean(counts);
    }

    long eventMicros(Row row) {
        return row.isNullAt(eventMicros) ? EntityHistory.NO_EVENT : row.getLong(eventMicros);
    }

    EntityHistory.Event event(Row row) {
        return new EntityHistory.Event(row.getString(id), row.getLong(eventMicros), row.getList(values));
    }

    /** The row with every aggregate as with no earlier event. */
    Row withoutEarlierEvents(Row row) {
        Object[] output = eventValues(row);
        for (int i = 0; i < aggregates.size(); i++) {
            output[eventFields + i] = TrailingWindow.empty(aggregates.get(i).function());
        }
        return RowFactory.create(output);
    }

    /**
     * The row with its aggregates over {@code history}; an aggregate whose window reaches before what the history still
     * keeps is null, and named in a quality flag.
     */
    Row withAggregates(Row row, EntityHistory history, String entity) {
        Object[] output = eventValues(row);
        long micros = row.getLong(eventMicros);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < aggregates.size(); i++) {
            Aggregate aggregate = aggregates.get(i);
            if (history.complete(micros, aggregate.windowMicros())) {
                output[eventFields + i] = history.aggregate(aggregate.function(), aggregate.slot(), micros, aggregate.windowMicros());
            } else {
                unknown.add(aggregate.name());
            }
        }
        if (!unknown.isEmpty()) {
            List<String> flags = new ArrayList<>(row.getList(qualityFlags));
            flags.add(unknownFlag(unknown, micros, history.latestMicros(), entity));
            output[qualityFlags] = CollectionConverters.asScala(flags).toSeq();
        }
        return RowFactory.create(output);
    }

    private String unknownFlag(List<String> unknown, long micros, long latestMicros, String entity) {
        return "aggregates: " + String.join(", ", unknown) + " unknown: " + timeColumn + " " + AggregateProcessor.instant(micros)
                + " is more than " + latenessText + " behind the latest event of " + entityColumn + " " + entity + " ("
                + AggregateProcessor.instant(latestMicros) + "), and the earlier events its window needs are no longer kept";
    }

    private Object[] eventValues(Row row) {
        Object[] output = new Object[eventFields + aggregates.size()];
        for (int i = 0; i < eventFields; i++) {
            output[i] = row.get(i);
        }
        return output;
    }
}
