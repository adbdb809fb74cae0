package io.mlcycle.common.events;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.dataset.SparkTypes;
import io.mlcycle.common.quality.Corrections;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.RowIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
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
 *   <li>{@code <column> is not a number: '<value>'}: a double column holds something other than a finite number
 *       (a JSON number, or a string that is one, is accepted); likewise {@code is not an integer}, {@code is not a
 *       boolean}, {@code is not a date} for the other schema types;</li>
 *   <li>{@code <column> is missing}: a column the schema declares {@code nullable = false} is absent or null;</li>
 *   <li>{@code <time column> is <seconds>s in the future (more than mlcycle.scorer.max-future-skew = 5m): '<value>'}:
 *       with {@link #parse(Dataset, DatasetSpec, Column, Duration) a reference time}, the event time is more than the
 *       allowed skew after it (an event from a wrong clock would move event-time windows and watermarks forward for good).</li>
 * </ul>
 * The event columns are the dataset schema's columns except the label, each converted to its schema type. Columns a
 * lookup or an entity aggregate adds are not event columns: the scorer joins the looked-up ones from the dimension tables
 * and computes the aggregates from the entity's earlier events, so an event's field of such a name is ignored like any
 * unknown field. Several
 * reasons are joined with {@code "; "}. Other missing values are allowed (the model imputes them), so are unknown extra
 * fields and the label. String columns are taken as text, whatever their JSON type.
 */
public final class KafkaEvents {
    /** The Kafka record value as text. */
    public static final String RAW_VALUE = "raw_value";
    /** Why the record was rejected; null for a valid event. */
    public static final String REJECTION_REASON = "rejection_reason";
    /**
     * The quality rules a valid event violates but is scored anyway, each as {@code "<rule>: <reason>"} (array of text, empty
     * when clean). Parsing flags nothing; {@link LiveEventRules#check} fills it.
     */
    public static final String QUALITY_FLAGS = "quality_flags";
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
    /** The type of {@link #QUALITY_FLAGS}. */
    public static final DataType QUALITY_FLAGS_TYPE = DataTypes.createArrayType(DataTypes.StringType, true);
    private static final List<String> KAFKA_COLUMNS = List.of("value", "topic", "partition", "offset", "timestamp");
    private static final List<String> ADDED_COLUMNS =
            List.of(RAW_VALUE, REJECTION_REASON, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP);

    private KafkaEvents() {}

    /** The event columns in order: id, entity and event time (where the dataset has them), then the schema's other columns but the label. */
    public static List<String> eventColumns(DatasetSpec spec) {
        List<String> columns = new ArrayList<>();
        if (spec.derivedId()) {
            columns.add(spec.idColumn());
        }
        eventSchema(spec).forEach(column -> columns.add(column.name()));
        return List.copyOf(columns);
    }

    private static List<ColumnSpec> eventSchema(DatasetSpec spec) {
        List<ColumnSpec> columns = new ArrayList<>();
        List<String> roles = new ArrayList<>(List.of(spec.idColumn()));
        if (spec.hasEntity()) {
            roles.add(spec.entityColumn());
        }
        if (spec.hasTime()) {
            roles.add(spec.timeColumn());
        }
        roles.forEach(role -> spec.column(role).ifPresent(columns::add));
        spec.schema().stream()
                .filter(column -> !roles.contains(column.name()) && !column.name().equals(spec.labelColumn()))
                .forEach(columns::add);
        // Looked-up and aggregated features are not read at all: the scorer joins the first from the dimension tables and
        // computes the second, so an event's own field of that name is ignored (neither parsed nor checked).
        return List.copyOf(columns);
    }

    /**
     * Parses and validates every record. Output: the {@link #eventColumns event columns} (id and entity string, event
     * time timestamp, numeric features double, categorical features string; null where absent or invalid), then
     * {@link #RAW_VALUE}, {@link #KAFKA_TOPIC}, {@link #KAFKA_PARTITION}, {@link #KAFKA_OFFSET}, {@link #KAFKA_TIMESTAMP},
     * {@link #QUALITY_FLAGS} (empty) and {@link #REJECTION_REASON} (null when valid). Works on batch and streaming Datasets. No bound on how far in the
     * future an event time may be (history read in batch); the scorer uses {@link #parse(Dataset, DatasetSpec, Column, Duration)}.
     */
    public static Dataset<Row> parse(Dataset<Row> records, DatasetSpec spec) {
        return parse(records, spec, null);
    }

    /**
     * Like {@link #parse(Dataset, DatasetSpec)}, and also rejects an event whose time is more than {@code maxFutureSkew}
     * after {@code now} (a column: {@code current_timestamp()}, the micro-batch's processing time in a streaming query, or a
     * literal instant in a test). A dataset without a time column has nothing to check.
     */
    public static Dataset<Row> parse(Dataset<Row> records, DatasetSpec spec, Column now, Duration maxFutureSkew) {
        return parse(records, spec, new FutureBound(requireNonNull(now, "now is null"), requireNonNull(maxFutureSkew, "maxFutureSkew is null")));
    }

    private static Dataset<Row> parse(Dataset<Row> records, DatasetSpec spec, FutureBound future) {
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
        if (spec.derivedId()) {
            output.add(RowIds.of(spec, KafkaEvents::field).as(spec.idColumn()));
        }
        eventSchema(spec).forEach(column -> output.add(typed(spec, column).as(column.name())));
        ADDED_COLUMNS.stream().filter(name -> !name.equals(REJECTION_REASON)).forEach(name -> output.add(col(name)));
        output.add(array().cast(QUALITY_FLAGS_TYPE).as(QUALITY_FLAGS));
        output.add(rejectionReason(spec, future).as(REJECTION_REASON));
        return json.select(output.toArray(Column[]::new));
    }

    /**
     * The valid events of {@link #parse}: the event columns, the dataset's entity aggregates (which the rows must carry,
     * computed after parsing), {@link #QUALITY_FLAGS}, then the Kafka coordinates (topic, partition, offset, timestamp).
     */
    public static Dataset<Row> valid(Dataset<Row> parsed, DatasetSpec spec) {
        List<String> columns = new ArrayList<>(eventColumns(spec));
        spec.featureSpec().aggregates().forEach(aggregate -> columns.add(aggregate.name()));
        columns.addAll(List.of(QUALITY_FLAGS, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, KAFKA_TIMESTAMP));
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

    /**
     * The field cleaned by the dataset's corrections exactly as silver cleans a training value (text ones before the cast,
     * numeric ones after it) and converted to its schema type; null where absent or not convertible (the reason says which).
     */
    private static Column typed(DatasetSpec spec, ColumnSpec column) {
        Column text = Corrections.beforeCast(spec, column.name(), field(column.name()));
        return Corrections.afterCast(spec, column, cast(text, column));
    }

    private static Column cast(Column text, ColumnSpec column) {
        return switch (column.type()) {
            case STRING -> text;
            case TIMESTAMP -> when(text.rlike(ISO_8601), text.try_cast(DataTypes.TimestampType));
            case DOUBLE -> {
                Column value = text.try_cast(DataTypes.DoubleType);
                Column finite = value.isNotNull().and(not(isnan(value)))
                        .and(value.notEqual(lit(Double.POSITIVE_INFINITY)))
                        .and(value.notEqual(lit(Double.NEGATIVE_INFINITY)));
                yield when(finite, value);
            }
            case INTEGER, LONG, BOOLEAN, DATE -> text.try_cast(SparkTypes.of(column.type()));
        };
    }

    private static String expectedText(ColumnType type) {
        return switch (type) {
            case STRING -> "text";
            case TIMESTAMP -> "an ISO-8601 timestamp";
            case DOUBLE -> "a number";
            case INTEGER, LONG -> "an integer";
            case BOOLEAN -> "a boolean";
            case DATE -> "a date";
        };
    }

    private static Column rejectionReason(DatasetSpec spec, FutureBound future) {
        List<Column> reasons = new ArrayList<>();
        for (ColumnSpec column : eventSchema(spec)) {
            String name = column.name();
            Column text = field(name);
            boolean required = !column.nullable() || name.equals(spec.idColumn()) || name.equals(spec.timeColumn());
            Column reason = required ? when(isBlank(text), lit(name + " is missing")) : null;
            if (column.type() != ColumnType.STRING) {
                Column corrected = Corrections.beforeCast(spec, name, text);
                Column invalid = corrected.isNotNull().and(cast(corrected, column).isNull());
                Column message = quoted(name + " is not " + expectedText(column.type()) + ": ", text);
                reason = reason == null ? when(invalid, message) : reason.when(invalid, message);
            }
            if (future != null && name.equals(spec.timeColumn()) && reason != null) {
                Column ahead = unix_micros(typed(spec, column)).minus(unix_micros(future.now()));
                String bound = " in the future (more than " + ScorerSettings.MAX_FUTURE_SKEW_KEY + " = " + durationText(future.maxSkew()) + "): ";
                reason = reason.when(ahead.gt(future.maxSkew().toNanos() / 1000),
                        quoted(concat(lit(name + " is "), secondsText(ahead), lit("s" + bound)), text));
            }
            if (reason != null) {
                reasons.add(reason);
            }
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
        return quoted(lit(prefix), value);
    }

    private static Column quoted(Column prefix, Column value) {
        Column shown = when(length(value).gt(MAX_QUOTED_LENGTH), concat(substring(value, 1, MAX_QUOTED_LENGTH), lit("...")))
                .otherwise(value);
        return concat(prefix, lit("'"), shown, lit("'"));
    }

    /** Microseconds as seconds to the millisecond, without trailing zeros: 301, 300.5, 0.001. */
    private static Column secondsText(Column micros) {
        Column millis = micros.divide(1000).cast(DataTypes.LongType);
        Column text = millis.cast(new DecimalType(20, 0)).divide(1000).cast(new DecimalType(20, 3)).cast(DataTypes.StringType);
        return regexp_replace(regexp_replace(text, "0+$", ""), "\\.$", "");
    }

    /** A duration as the config would write it: 5m, 90s, 1h, 250ms. */
    static String durationText(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private record FutureBound(Column now, Duration maxSkew) {}

    private static void requireNoClash(DatasetSpec spec) {
        for (String name : eventColumns(spec)) {
            if (ADDED_COLUMNS.contains(name) || name.equals(QUALITY_FLAGS) || name.equals(JSON) || name.equals(CORRUPT_RECORD)) {
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
