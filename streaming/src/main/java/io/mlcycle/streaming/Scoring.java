package io.mlcycle.streaming;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.events.KafkaEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores valid events with a model version. Pure: the only effect is the pipeline's transform.
 *
 * <p>Output columns (the predictions table and topic): the event columns of the dataset spec (id, entity, event time,
 * raw feature values), {@code probability} (double, of the positive class; null for a model without probabilities, a
 * linear SVM), {@code prediction} (double, 0 or 1, by the decision threshold stored in the model),
 * {@code model_name}, {@code model_version}, {@code model_run_id}, {@code scored_at} (timestamp),
 * {@code kafka_partition} (int) and {@code kafka_offset} (long).
 */
public final class Scoring {
    public static final String PROBABILITY = "probability";
    public static final String PREDICTION = "prediction";
    public static final String MODEL_NAME = "model_name";
    public static final String MODEL_VERSION = "model_version";
    public static final String MODEL_RUN_ID = "model_run_id";
    public static final String SCORED_AT = "scored_at";

    private static final List<String> ADDED_COLUMNS = List.of(
            PROBABILITY, PREDICTION, MODEL_NAME, MODEL_VERSION, MODEL_RUN_ID, SCORED_AT, KafkaEvents.KAFKA_PARTITION, KafkaEvents.KAFKA_OFFSET);

    private Scoring() {}

    /** Output column names, in order. */
    public static List<String> predictionColumns(DatasetSpec spec) {
        List<String> columns = new ArrayList<>(KafkaEvents.eventColumns(spec));
        columns.addAll(ADDED_COLUMNS);
        return List.copyOf(columns);
    }

    /** Scores {@code validEvents} (as {@link KafkaEvents#valid} gives them). */
    public static Dataset<Row> score(Dataset<Row> validEvents, ScoringModel model, DatasetSpec spec) {
        requireColumns(validEvents, spec);
        Dataset<Row> scored = model.pipeline().transform(validEvents);
        List<Column> output = new ArrayList<>();
        KafkaEvents.eventColumns(spec).forEach(name -> output.add(column(name)));
        // a margin classifier (linear SVM) has no probability: the column stays, null
        output.add(java.util.Arrays.asList(scored.columns()).contains(PROBABILITY)
                ? vector_to_array(col(PROBABILITY), "float64").getItem(1).as(PROBABILITY)
                : lit(null).cast(org.apache.spark.sql.types.DataTypes.DoubleType).as(PROBABILITY));
        output.add(col(PREDICTION));
        output.add(lit(model.version().name()).as(MODEL_NAME));
        output.add(lit(model.version().version()).as(MODEL_VERSION));
        output.add(lit(model.version().runId()).as(MODEL_RUN_ID));
        output.add(current_timestamp().as(SCORED_AT));
        output.add(col(KafkaEvents.KAFKA_PARTITION));
        output.add(col(KafkaEvents.KAFKA_OFFSET));
        return scored.select(output.toArray(Column[]::new));
    }

    private static void requireColumns(Dataset<Row> events, DatasetSpec spec) {
        for (String name : KafkaEvents.eventColumns(spec)) {
            if (ADDED_COLUMNS.contains(name)) {
                throw new IllegalArgumentException("Cannot score dataset " + spec.name() + ": its column " + name
                        + " has the name of a column the scorer adds (" + ADDED_COLUMNS + "). Rename the column in mlcycle.dataset.");
            }
        }
        List<String> required = new ArrayList<>(KafkaEvents.eventColumns(spec));
        required.addAll(List.of(KafkaEvents.KAFKA_PARTITION, KafkaEvents.KAFKA_OFFSET));
        Set<String> present = Set.of(events.columns());
        List<String> missing = required.stream().filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot score events: columns " + missing + " are missing; the rows have "
                    + List.of(events.columns()) + ". Score the output of KafkaEvents.valid.");
        }
    }

    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }
}
