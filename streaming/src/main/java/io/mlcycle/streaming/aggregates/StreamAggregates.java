package io.mlcycle.streaming.aggregates;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.dataset.AggregateSpec;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.events.KafkaEvents;
import io.mlcycle.common.features.EntityAggregates;
import io.mlcycle.common.features.TrailingWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Entity aggregates computed in the stream, with keyed state ({@code transformWithState}) that lives in the query's
 * checkpoint, so a restarted scorer goes on from the events before the restart. The values are those of the batch
 * definition ({@link EntityAggregates}, {@link TrailingWindow}): for each event, the same entity's events with an event
 * time in {@code [t - window, t)} (strictly earlier; an event at the same instant does not count), whatever order they
 * arrived in, as long as they arrived before it or in the same micro-batch.
 *
 * <p>Which events count for later ones: the events silver would hold. A rejected event does not (it goes to the dead
 * letter); nor does a valid event with a quality flag (silver quarantines a rule violation, even though the scorer scores
 * it); an id counts once (a redelivery after a restart is not added again; of two events of one id, the later in event
 * time is kept, as silver keeps an id's latest row). Every valid event gets its aggregates, flagged or not. An event without
 * an entity gets the values of no earlier event, as in batch.
 *
 * <p>The limits of doing it online. An event that arrives after a later event of its entity was scored gets its own
 * aggregates right, but the later event is not scored again: its aggregates missed the late one. Each entity keeps its
 * events of the longest window plus {@link ScorerSettings#aggregatesAllowedLateness} before its latest event; an event
 * whose window reaches further back than that (it is more than the allowed lateness behind its entity's latest event) gets
 * null for such an aggregate, and a quality flag {@code aggregates: <names> unknown: ...}, never a silently small value.
 * The state of an entity that stops sending events stays (its events of that span before its last one). A change of the
 * dataset's aggregates needs a new checkpoint.
 */
public final class StreamAggregates {
    /** The state store {@code transformWithState} needs. */
    public static final String STATE_STORE_PROVIDER = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
    static final String KEY = "_aggregate_key";
    private static final List<String> HELPERS = List.of(KEY, "_aggregate_id", "_aggregate_event_micros", "_aggregate_counts",
            "_aggregate_values");

    private StreamAggregates() {}

    /** Whether the dataset has aggregates to compute, and so the query a stateful operator. */
    public static boolean needed(DatasetSpec spec) {
        return !spec.featureSpec().aggregates().isEmpty();
    }

    /**
     * Sets the session's state store to the one {@code transformWithState} needs. It must be set before the query first
     * starts on a checkpoint: the checkpoint records it, and a restart uses the recorded one.
     */
    public static void useStateStore(SparkSession spark) {
        spark.conf().set("spark.sql.streaming.stateStore.providerClass", STATE_STORE_PROVIDER);
    }

    /**
     * Adds every aggregate of the dataset to {@code events}, the parsed and checked events ({@link KafkaEvents#parse},
     * then the quality rules), valid and rejected: a column per aggregate, named after it (type {@link TrailingWindow#type}),
     * and the flag of an aggregate it could not compute in {@link KafkaEvents#QUALITY_FLAGS}. Unchanged without aggregates.
     */
    public static Dataset<Row> withAggregates(Dataset<Row> events, DatasetSpec spec, Duration allowedLateness) {
        List<AggregateSpec> aggregates = spec.featureSpec().aggregates();
        if (aggregates.isEmpty()) {
            return events;
        }
        requireColumns(events, spec);
        List<String> slots = new ArrayList<>();
        aggregates.stream().map(AggregateSpec::column).filter(name -> !name.isEmpty() && !slots.contains(name)).forEach(slots::add);
        Dataset<Row> input = events.select(inputColumns(events, spec, slots));
        StructType output = events.schema();
        List<AggregatePlan.Aggregate> planned = new ArrayList<>();
        long longestWindow = 0;
        for (AggregateSpec aggregate : aggregates) {
            output = output.add(aggregate.name(), TrailingWindow.type(aggregate.function()), true);
            long window = TrailingWindow.windowMicros(aggregate);
            planned.add(new AggregatePlan.Aggregate(aggregate.name(), aggregate.function(), window, slots.indexOf(aggregate.column())));
            longestWindow = Math.max(longestWindow, window);
        }
        int keyIndex = events.columns().length;
        AggregatePlan plan = new AggregatePlan(events.columns().length, events.schema().fieldIndex(KafkaEvents.QUALITY_FLAGS), keyIndex,
                planned, longestWindow + allowedLateness.toNanos() / 1_000,
                ScorerSettings.AGGREGATES_ALLOWED_LATENESS_KEY + " = " + allowedLateness.toString().substring(2).toLowerCase(),
                spec.entityColumn(), spec.timeColumn());
        return input.groupByKey((MapFunction<Row, String>) row -> row.getString(keyIndex), Encoders.STRING())
                .transformWithState(new AggregateProcessor(plan), TimeMode.None(), OutputMode.Append(), Encoders.row(output));
    }

    private static Column[] inputColumns(Dataset<Row> events, DatasetSpec spec, List<String> slots) {
        Set<String> numeric = Set.copyOf(spec.schema().stream().filter(column -> column.type().numeric()).map(ColumnSpec::name).toList());
        Column valid = col(KafkaEvents.REJECTION_REASON).isNull();
        List<Column> values = new ArrayList<>();
        for (String slot : slots) {
            // count of a non-numeric column counts its non-null values
            values.add(numeric.contains(slot) ? col(slot).cast(DataTypes.DoubleType) : when(col(slot).isNotNull(), lit(1.0)));
        }
        List<Column> columns = new ArrayList<>();
        for (String name : events.columns()) {
            columns.add(col("`" + name.replace("`", "``") + "`"));
        }
        columns.add(when(valid.and(col(spec.entityColumn()).isNotNull()), col(spec.entityColumn()).cast(DataTypes.StringType)).as(HELPERS.get(0)));
        columns.add(col(spec.idColumn()).cast(DataTypes.StringType).as(HELPERS.get(1)));
        // the batch definition's own conversion of the event time (a date column is its midnight in the session time zone)
        columns.add(unix_micros(col(spec.timeColumn()).cast(DataTypes.TimestampType)).as(HELPERS.get(2)));
        columns.add(valid.and(size(col(KafkaEvents.QUALITY_FLAGS)).equalTo(0)).as(HELPERS.get(3)));
        columns.add(array(values.toArray(Column[]::new)).cast(DataTypes.createArrayType(DataTypes.DoubleType, true)).as(HELPERS.get(4)));
        return columns.toArray(Column[]::new);
    }

    private static void requireColumns(Dataset<Row> events, DatasetSpec spec) {
        Set<String> present = Set.of(events.columns());
        List<String> required = new ArrayList<>(List.of(spec.idColumn(), spec.entityColumn(), spec.timeColumn(), KafkaEvents.QUALITY_FLAGS,
                KafkaEvents.REJECTION_REASON));
        spec.featureSpec().aggregates().stream().map(AggregateSpec::column).filter(name -> !name.isEmpty()).forEach(required::add);
        List<String> missing = required.stream().filter(name -> !present.contains(name)).distinct().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot compute the entity aggregates of dataset " + spec.name() + " in the stream: columns "
                    + missing + " are missing; the rows have " + List.of(events.columns()) + ". Pass the parsed and checked events.");
        }
        List<String> clashing = spec.featureSpec().aggregates().stream().map(AggregateSpec::name)
                .filter(name -> present.contains(name) || HELPERS.contains(name)).toList();
        if (!clashing.isEmpty()) {
            throw new IllegalArgumentException("Cannot compute the entity aggregates of dataset " + spec.name() + " in the stream: "
                    + clashing + " are already columns of the events. Rename the aggregates in mlcycle.dataset.features.aggregates.");
        }
    }
}
