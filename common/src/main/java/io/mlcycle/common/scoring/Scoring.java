package io.mlcycle.common.scoring;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.map_from_arrays;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.LookupSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.events.KafkaEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Scores valid events with a model version. Pure: the only effect is the pipeline's transform.
 *
 * <p>Output columns (the predictions table and topic): the event columns of the dataset spec (id, entity, event time,
 * raw feature values), its entity aggregates (computed by the caller), the columns its lookups add (joined by the caller from the dimension tables), then by the dataset's task
 * <ul>
 *   <li>binary: {@code probability} (double, of the positive class; null for a model without probabilities, a linear
 *       SVM) and {@code prediction} (double, 0 or 1, by the decision threshold stored in the model);</li>
 *   <li>multiclass: {@code prediction} (double, the class index), {@code predicted_label} (text, the class value as
 *       it was in the label column) and {@code probabilities} (map from every class value to its probability; null for
 *       a model without probabilities);</li>
 *   <li>regression: {@code prediction} (double, the predicted target);</li>
 * </ul>
 * then {@code quality_flags} (array of text: the quality rules the event violates but was scored anyway, as
 * {@code "<rule>: <reason>"}; empty when clean, and always empty for rows scored from silver, which has no violations),
 * and {@code model_name}, {@code model_version}, {@code model_run_id}, {@code lookup_versions} (map from each lookup's
 * name to the version of its dimension table the looked-up columns came from: the Delta version, null for Parquet/CSV
 * files; empty for a dataset without lookups), {@code scored_at} (timestamp), {@code kafka_partition} (int) and
 * {@code kafka_offset} (long).
 */
public final class Scoring {
    public static final String PROBABILITY = "probability";
    public static final String PREDICTION = "prediction";
    public static final String PREDICTED_LABEL = "predicted_label";
    public static final String PROBABILITIES = "probabilities";
    public static final String MODEL_NAME = "model_name";
    public static final String MODEL_VERSION = "model_version";
    public static final String MODEL_RUN_ID = "model_run_id";
    public static final String LOOKUP_VERSIONS = "lookup_versions";
    public static final String SCORED_AT = "scored_at";

    private static final List<String> MODEL_COLUMNS =
            List.of(KafkaEvents.QUALITY_FLAGS, MODEL_NAME, MODEL_VERSION, MODEL_RUN_ID, LOOKUP_VERSIONS, SCORED_AT, KafkaEvents.KAFKA_PARTITION,
                    KafkaEvents.KAFKA_OFFSET);
    /** Every name the scorer adds for some task: a dataset column must not have one of them. */
    private static final List<String> RESERVED_COLUMNS = List.of(PROBABILITY, PREDICTION, PREDICTED_LABEL, PROBABILITIES,
            KafkaEvents.QUALITY_FLAGS, MODEL_NAME, MODEL_VERSION, MODEL_RUN_ID, LOOKUP_VERSIONS, SCORED_AT, KafkaEvents.KAFKA_PARTITION,
            KafkaEvents.KAFKA_OFFSET);
    private static final DataType PROBABILITIES_TYPE = DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType);
    private static final DataType LOOKUP_VERSIONS_TYPE = DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType);

    private Scoring() {}

    /** The prediction columns of a task, in order. */
    public static List<String> taskColumns(TaskType task) {
        return switch (task) {
            case BINARY -> List.of(PROBABILITY, PREDICTION);
            case MULTICLASS -> List.of(PREDICTION, PREDICTED_LABEL, PROBABILITIES);
            case REGRESSION -> List.of(PREDICTION);
        };
    }

    /** Output column names, in order. */
    public static List<String> predictionColumns(DatasetSpec spec) {
        List<String> columns = new ArrayList<>(inputColumns(spec));
        columns.addAll(taskColumns(spec.task()));
        columns.addAll(MODEL_COLUMNS);
        return List.copyOf(columns);
    }

    /** Scores {@code validEvents} of a dataset without lookups; see {@link #score(Dataset, ScoringModel, DatasetSpec, Map)}. */
    public static Dataset<Row> score(Dataset<Row> validEvents, ScoringModel model, DatasetSpec spec) {
        return score(validEvents, model, spec, Map.of());
    }

    /**
     * Scores {@code validEvents} (as {@link KafkaEvents#valid} gives them, with the lookups' columns joined) with a model of
     * the dataset's task. {@code lookupVersions} holds, for each of the dataset's lookups, the version of the dimension
     * table joined (empty for files without versions); it becomes {@link #LOOKUP_VERSIONS}.
     */
    public static Dataset<Row> score(Dataset<Row> validEvents, ScoringModel model, DatasetSpec spec, Map<String, OptionalLong> lookupVersions) {
        requireColumns(validEvents, spec);
        requireLookupVersions(spec, lookupVersions);
        ModelOutputs.requireTask(model, spec.task());
        Dataset<Row> scored = model.pipeline().transform(validEvents);
        boolean probabilistic = List.of(scored.columns()).contains(PROBABILITY);
        List<Column> output = new ArrayList<>();
        inputColumns(spec).forEach(name -> output.add(column(name)));
        switch (spec.task()) {
            case BINARY -> {
                // a margin classifier (linear SVM) has no probability: the column stays, null
                output.add(probabilistic
                        ? vector_to_array(col(PROBABILITY), "float64").getItem(1).as(PROBABILITY)
                        : lit(null).cast(DataTypes.DoubleType).as(PROBABILITY));
                output.add(col(PREDICTION));
            }
            case MULTICLASS -> {
                output.add(col(PREDICTION));
                output.add(col(PREDICTED_LABEL));
                output.add(probabilistic
                        ? map_from_arrays(array(model.classes().orElseThrow().stream().map(value -> lit(value)).toArray(Column[]::new)),
                                vector_to_array(col(PROBABILITY), "float64")).as(PROBABILITIES)
                        : lit(null).cast(PROBABILITIES_TYPE).as(PROBABILITIES));
            }
            case REGRESSION -> output.add(col(PREDICTION));
        }
        output.add(List.of(validEvents.columns()).contains(KafkaEvents.QUALITY_FLAGS) ? col(KafkaEvents.QUALITY_FLAGS)
                : array().cast(KafkaEvents.QUALITY_FLAGS_TYPE).as(KafkaEvents.QUALITY_FLAGS));
        output.add(lit(model.version().name()).as(MODEL_NAME));
        output.add(lit(model.version().version()).as(MODEL_VERSION));
        output.add(lit(model.version().runId()).as(MODEL_RUN_ID));
        output.add(lookupVersionsColumn(lookupVersions).as(LOOKUP_VERSIONS));
        output.add(current_timestamp().as(SCORED_AT));
        output.add(col(KafkaEvents.KAFKA_PARTITION));
        output.add(col(KafkaEvents.KAFKA_OFFSET));
        return scored.select(output.toArray(Column[]::new));
    }

    private static void requireColumns(Dataset<Row> events, DatasetSpec spec) {
        for (String name : KafkaEvents.eventColumns(spec)) {
            if (RESERVED_COLUMNS.contains(name)) {
                throw new IllegalArgumentException("Cannot score dataset " + spec.name() + ": its column " + name
                        + " has the name of a column the scorer adds (" + RESERVED_COLUMNS + "). Rename the column in mlcycle.dataset.");
            }
        }
        List<String> required = new ArrayList<>(inputColumns(spec));
        required.addAll(List.of(KafkaEvents.KAFKA_PARTITION, KafkaEvents.KAFKA_OFFSET));
        Set<String> present = Set.of(events.columns());
        List<String> missing = required.stream().filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot score events: columns " + missing + " are missing; the rows have "
                    + List.of(events.columns()) + ". Score the output of KafkaEvents.valid, with the lookups joined.");
        }
    }

    /** The event columns, the dataset's entity aggregates, then the columns its lookups add. */
    private static List<String> inputColumns(DatasetSpec spec) {
        List<String> columns = new ArrayList<>(KafkaEvents.eventColumns(spec));
        spec.featureSpec().aggregates().forEach(aggregate -> columns.add(aggregate.name()));
        spec.featureSpec().lookups().forEach(lookup -> columns.addAll(lookup.columns()));
        return columns;
    }

    private static void requireLookupVersions(DatasetSpec spec, Map<String, OptionalLong> lookupVersions) {
        List<String> lookups = spec.featureSpec().lookups().stream().map(LookupSpec::name).toList();
        if (!Set.copyOf(lookups).equals(lookupVersions.keySet())) {
            throw new IllegalArgumentException("Cannot score dataset " + spec.name() + ": the versions of its lookups " + lookups
                    + " are needed, got versions of " + lookupVersions.keySet() + ". Pass the versions of the dimension tables joined.");
        }
    }

    private static Column lookupVersionsColumn(Map<String, OptionalLong> lookupVersions) {
        List<Column> entries = new ArrayList<>();
        lookupVersions.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            entries.add(lit(entry.getKey()));
            entries.add(entry.getValue().isPresent() ? lit(entry.getValue().getAsLong()) : lit(null).cast(DataTypes.LongType));
        });
        return map(entries.toArray(Column[]::new)).cast(LOOKUP_VERSIONS_TYPE);
    }

    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }
}
