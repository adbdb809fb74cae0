package io.mlcycle.common.events;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns Kafka records (columns {@code value}, {@code topic}, {@code partition}, {@code offset}, {@code timestamp},
 * as Spark's Kafka source gives them) into typed events of a {@link DatasetSpec}, and says why a record is rejected.
 *
 * <p>An event is one JSON object. Its fields are read as text first (so that Spark's permissive JSON reader never
 * silently nulls a field it cannot convert) and then converted here, where a failure becomes a reason:
 * <ul>
 *   <li>{@code malformed JSON: ...}: the value is absent, is not one well-formed JSON object, or holds
 *       NaN/Infinity (not JSON);</li>
 *   <li>{@code <id column> is missing}: the id is absent, null or blank;</li>
 *   <li>{@code <time column> is missing} or {@code <time column> is not an ISO-8601 timestamp: '<value>'}: the event time
 *       must look like {@code 2026-01-01T10:15:30Z} (seconds, fraction and offset optional; without an offset it is read
 *       in the Spark session time zone);</li>
 *   <li>{@code <feature> is not a number: '<value>'}: a numeric feature holds something other than a finite number
 *       (a JSON number, or a string that is one, is accepted).</li>
 * </ul>
 * Several reasons are joined with {@code "; "}. Missing features are allowed (the model imputes them), so are a missing
 * entity, unknown extra fields and the label. Categorical features are taken as text, whatever their JSON type.
 */
public final class KafkaEvents {
    /** The Kafka record value as text. */
    public static final String RAW_VALUE = "raw_value";
    /** Why the record was rejected; null for a valid event. */
    public static final String REJECTION_REASON = "rejection_reason";
    public static final String KAFKA_TOPIC = "kafka_topic";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";

    /** Longest value quoted in a reason; longer ones are cut and end with "...". */
    static final int MAX_QUOTED_LENGTH = 100;

    private static final String JSON = "_json";
    private static final String CORRUPT_RECORD = "_corrupt_record";
    private static final String ISO_8601 = "^\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}(:?\\d{2})?)?$";
    private static final Map<String, String> JSON_OPTIONS = Map.of(
            "mode", "PERMISSIVE",
            "columnNameOfCorruptRecord", CORRUPT_RECORD,
            "allowNonNumericNumbers", "false");
    private static final List<String> KAFKA_COLUMNS = List.of("value", "topic", "partition", "offset", "timestamp");
    private static final List<String> ADDED_COLUMNS =
            List.of(RAW_VALUE, REJECTION_REASON, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP);

    private KafkaEvents() {}

    /**
     * The event columns in order: id, entity, event time, numeric features, categorical features, then the other columns
     * the model's pipeline reads (inputs of derived features that are not features themselves).
     */
    public static List<String> eventColumns(DatasetSpec spec) {
        List<String> columns = new ArrayList<>(List.of(spec.idColumn(), spec.entityColumn(), spec.timeColumn()));
        columns.addAll(spec.features());
        columns.addAll(otherInputs(spec));
        return List.copyOf(columns);
    }

    /** Pipeline inputs that are neither the id, entity, time nor a feature: read with their schema type (text when unknown). */
    private static List<String> otherInputs(DatasetSpec spec) {
        Set<String> known = new java.util.HashSet<>(List.of(spec.idColumn(), spec.entityColumn(), spec.timeColumn()));
        known.addAll(spec.features());
        return spec.featureSpec().pipelineInputColumns().stream().filter(name -> !known.contains(name)).toList();
    }

    private static Column otherInput(DatasetSpec spec, String name) {
        return spec.column(name)
                .map(column -> column.type().numeric() ? number(name) : field(name).try_cast(column.type().sparkType()))
                .orElseGet(() -> field(name));
    }

    /**
     * Parses and validates every record. Output: the {@link #eventColumns event columns} (id and entity string, event
     * time timestamp, numeric features double, categorical features string; null where absent or invalid), then
     * {@link #RAW_VALUE}, {@link #KAFKA_TOPIC}, {@link #KAFKA_PARTITION}, {@link #KAFKA_OFFSET}, {@link #KAFKA_TIMESTAMP}
     * and {@link #REJECTION_REASON} (null when valid). Works on batch and streaming Datasets.
     */
    public static Dataset<Row> parse(Dataset<Row> records, DatasetSpec spec) {
        requireColumns(records, KAFKA_COLUMNS, "Kafka records (Spark's Kafka source)");
        requireNoClash(spec);
        Dataset<Row> json = records.select(
                col("value").cast("string").as(RAW_VALUE),
                col("topic").as(KAFKA_TOPIC),
                col("partition").as(KAFKA_PARTITION),
                col("offset").as(KAFKA_OFFSET),
                col("timestamp").as(KAFKA_TIMESTAMP))
                .withColumn(JSON, from_json(col(RAW_VALUE), textSchema(spec), JSON_OPTIONS));
        List<Column> output = new ArrayList<>();
        output.add(field(spec.idColumn()).as(spec.idColumn()));
        output.add(field(spec.entityColumn()).as(spec.entityColumn()));
        output.add(eventTime(spec).as(spec.timeColumn()));
        spec.numericFeatures().forEach(name -> output.add(number(name).as(name)));
        spec.categoricalFeatures().forEach(name -> output.add(field(name).as(name)));
        otherInputs(spec).forEach(name -> output.add(otherInput(spec, name).as(name)));
        ADDED_COLUMNS.stream().filter(name -> !name.equals(REJECTION_REASON)).forEach(name -> output.add(col(name)));
        output.add(rejectionReason(spec).as(REJECTION_REASON));
        return json.select(output.toArray(Column[]::new));
    }

    /** The valid events of {@link #parse}: the event columns plus the Kafka coordinates (topic, partition, offset, timestamp). */
    public static Dataset<Row> valid(Dataset<Row> parsed, DatasetSpec spec) {
        List<String> columns = new ArrayList<>(eventColumns(spec));
        columns.addAll(List.of(KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP));
        requireColumns(parsed, columns, "parsed events (KafkaEvents.parse)");
        requireColumns(parsed, List.of(REJECTION_REASON), "parsed events (KafkaEvents.parse)");
        return parsed.where(col(REJECTION_REASON).isNull()).select(columns.stream().map(KafkaEvents::column).toArray(Column[]::new));
    }

    /** The rejected records of {@link #parse}: raw value, reason, topic, partition, offset, Kafka timestamp. */
    public static Dataset<Row> rejected(Dataset<Row> parsed) {
        requireColumns(parsed, ADDED_COLUMNS, "parsed events (KafkaEvents.parse)");
        return parsed.where(col(REJECTION_REASON).isNotNull())
                .select(col(RAW_VALUE), col(REJECTION_REASON), col(KAFKA_TOPIC), col(KAFKA_PARTITION), col(KAFKA_OFFSET), col(KAFKA_TIMESTAMP));
    }

    private static StructType textSchema(DatasetSpec spec) {
        StructType schema = new StructType();
        for (String name : eventColumns(spec)) {
            schema = schema.add(name, DataTypes.StringType);
        }
        return schema.add(CORRUPT_RECORD, DataTypes.StringType);
    }

    private static Column field(String name) {
        return col(JSON).getField(name);
    }

    private static Column eventTime(DatasetSpec spec) {
        Column text = field(spec.timeColumn());
        return when(text.rlike(ISO_8601), text.try_cast(DataTypes.TimestampType));
    }

    private static Column number(String name) {
        Column value = field(name).try_cast(DataTypes.DoubleType);
        Column finite = value.isNotNull().and(not(isnan(value)))
                .and(value.notEqual(lit(Double.POSITIVE_INFINITY)))
                .and(value.notEqual(lit(Double.NEGATIVE_INFINITY)));
        return when(finite, value);
    }

    private static Column rejectionReason(DatasetSpec spec) {
        List<Column> reasons = new ArrayList<>();
        reasons.add(when(isBlank(field(spec.idColumn())), lit(spec.idColumn() + " is missing")));
        Column time = field(spec.timeColumn());
        reasons.add(when(isBlank(time), lit(spec.timeColumn() + " is missing"))
                .when(eventTime(spec).isNull(), quoted(spec.timeColumn() + " is not an ISO-8601 timestamp: ", time)));
        for (String name : spec.numericFeatures()) {
            reasons.add(when(field(name).isNotNull().and(number(name).isNull()), quoted(name + " is not a number: ", field(name))));
        }
        Column joined = concat_ws("; ", reasons.toArray(Column[]::new));
        return when(col(RAW_VALUE).isNull(), lit("malformed JSON: the Kafka record has no value"))
                .when(isMalformed(), lit("malformed JSON: the value is not one well-formed JSON object"))
                .when(length(joined).gt(0), joined);
    }

    /** Spark's reader fills the corrupt-record column on a syntax error, but accepts trailing text after the object. */
    private static Column isMalformed() {
        Column text = trim(col(RAW_VALUE));
        return col(JSON).isNull()
                .or(field(CORRUPT_RECORD).isNotNull())
                .or(not(text.startsWith("{")))
                .or(not(text.endsWith("}")));
    }

    private static Column isBlank(Column text) {
        return text.isNull().or(trim(text).equalTo(""));
    }

    private static Column quoted(String prefix, Column value) {
        Column shown = when(length(value).gt(MAX_QUOTED_LENGTH), concat(substring(value, 1, MAX_QUOTED_LENGTH), lit("...")))
                .otherwise(value);
        return concat(lit(prefix + "'"), shown, lit("'"));
    }

    private static void requireNoClash(DatasetSpec spec) {
        for (String name : eventColumns(spec)) {
            if (ADDED_COLUMNS.contains(name) || name.equals(JSON) || name.equals(CORRUPT_RECORD)) {
                throw new IllegalArgumentException("Cannot parse events of dataset " + spec.name() + ": its column " + name
                        + " has the name of a column the parser adds (" + ADDED_COLUMNS + "). Rename the column in mlcycle.dataset.");
            }
        }
    }

    private static void requireColumns(Dataset<Row> rows, List<String> required, String expected) {
        Set<String> present = Set.of(rows.columns());
        List<String> missing = required.stream().filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot read " + expected + ": columns " + missing + " are missing; the rows have "
                    + List.of(rows.columns()) + ".");
        }
    }

    private static Column column(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }
}
