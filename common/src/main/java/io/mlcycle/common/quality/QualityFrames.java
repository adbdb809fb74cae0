package io.mlcycle.common.quality;

import static io.mlcycle.common.quality.QualityColumns.CORRECTED;
import static io.mlcycle.common.quality.QualityColumns.CORRUPT_RECORD;
import static io.mlcycle.common.quality.QualityColumns.DUPLICATE_ID;
import static io.mlcycle.common.quality.QualityColumns.INGESTED_AT;
import static io.mlcycle.common.quality.QualityColumns.MALFORMED;
import static io.mlcycle.common.quality.QualityColumns.ORIGIN;
import static io.mlcycle.common.quality.QualityColumns.RAW;
import static io.mlcycle.common.quality.QualityColumns.VIOLATIONS;
import static io.mlcycle.common.quality.QualityExpressions.castFailed;
import static io.mlcycle.common.quality.QualityExpressions.display;
import static io.mlcycle.common.quality.QualityExpressions.violation;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.dataset.RowIds;
import io.mlcycle.common.dataset.SparkTypes;
import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.ColumnType;
import io.mlcycle.common.dataset.Correction;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.MissingValuePolicy;
import io.mlcycle.common.dataset.QualityRule;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * Bronze to silver as pure transformations, shared by the silver job and (row by row) the streaming scorer:
 * <ol>
 *   <li>{@link #validate}: text corrections on the raw value, the cast to the schema type (a value that does not cast is
 *   a violation, never a silent null), numeric corrections, then the row rules: malformed record, schema not-nullable,
 *   missing-values drop, binary label, and the configured rules;</li>
 *   <li>{@link #deduplicate}: of the rows of one id, the latest (event time, then ingestion time) is kept, the others
 *   are {@value QualityColumns#DUPLICATE_ID};</li>
 *   <li>{@link #enforceUniqueKeys}: among the rows still valid, a repeated key keeps its latest row.</li>
 * </ol>
 * Every row keeps {@value QualityColumns#VIOLATIONS} (empty: the row goes to silver); {@link #silver} and
 * {@link #quarantine} split them.
 */
public final class QualityFrames {
    private QualityFrames() {}

    /** The three steps in order; the result holds every input row once, classified. */
    public static Dataset<Row> classify(Dataset<Row> bronze, DatasetSpec spec) {
        return enforceUniqueKeys(deduplicate(validate(bronze, spec), spec), spec);
    }

    /**
     * Corrects and casts the schema columns in place and adds {@value QualityColumns#RAW},
     * {@value QualityColumns#CORRECTED} and {@value QualityColumns#VIOLATIONS}. Row by row: no shuffle, so a stream can
     * use it.
     */
    public static Dataset<Row> validate(Dataset<Row> bronze, DatasetSpec spec) {
        List<String> needed = new ArrayList<>(spec.schema().stream().map(ColumnSpec::name).toList());
        needed.add(CORRUPT_RECORD);
        FeatureFrames.requireColumns(bronze, needed.toArray(String[]::new));
        if (spec.derivedId()) {
            // A malformed record has no values to derive an id from: it keeps a null id (and is rejected as malformed).
            bronze = bronze.withColumn(spec.idColumn(),
                    when(col(CORRUPT_RECORD).isNull(), RowIds.of(spec, name -> col(name).cast(DataTypes.StringType))));
        }
        Map<String, Column> typed = new LinkedHashMap<>();
        List<Column> castFailures = new ArrayList<>();
        List<Column> corrected = new ArrayList<>();
        for (ColumnSpec column : spec.schema()) {
            CleanedColumn cleaned = CleanedColumn.of(column, spec);
            typed.put(column.name(), cleaned.value());
            castFailures.add(cleaned.castFailure());
            corrected.addAll(cleaned.changed());
        }
        typed.put(RAW, rawValues(spec));
        typed.put(CORRECTED, corrected.isEmpty() ? array().cast(DataTypes.createArrayType(DataTypes.StringType)) : array_compact(array(corrected.toArray(Column[]::new))));
        typed.put(VIOLATIONS, array_compact(array(castFailures.toArray(Column[]::new))));
        return bronze.withColumns(typed).withColumn(VIOLATIONS, rowViolations(spec));
    }

    /** Marks all rows of an id but the latest as {@value QualityColumns#DUPLICATE_ID}, whatever their other violations. */
    public static Dataset<Row> deduplicate(Dataset<Row> validated, DatasetSpec spec) {
        String id = spec.idColumn();
        FeatureFrames.requireColumns(validated, id, VIOLATIONS, RAW, INGESTED_AT, ORIGIN);
        WindowSpec byId = Window.partitionBy(col(id)).orderBy(latestFirst(spec));
        Column duplicate = col(id).isNotNull().and(row_number().over(byId).gt(1));
        Column reason = concat(lit(id + " = "), display(col(id), idType(spec)),
                lit(" occurs more than once; the latest record is kept (from "), coalesce(first(col(ORIGIN)).over(byId), lit("?")), lit(")"));
        return validated.withColumn(VIOLATIONS, when(duplicate, array(violation(DUPLICATE_ID, reason))).otherwise(col(VIOLATIONS)));
    }

    /** For each unique-key rule in turn, among the rows without violations, rejects all rows of a repeated key but the latest. */
    public static Dataset<Row> enforceUniqueKeys(Dataset<Row> deduplicated, DatasetSpec spec) {
        Dataset<Row> rows = deduplicated;
        for (QualityRule rule : spec.quality().rules()) {
            if (rule instanceof QualityRule.UniqueKey key) {
                rows = enforceUniqueKey(rows, key, spec);
            }
        }
        return rows;
    }

    /** The rows without violations: the schema columns as typed (a binary label as integer 0/1), then the bronze metadata. */
    public static Dataset<Row> silver(Dataset<Row> classified, DatasetSpec spec) {
        FeatureFrames.requireColumns(classified, VIOLATIONS);
        List<Column> columns = new ArrayList<>();
        if (spec.derivedId()) {
            columns.add(col(spec.idColumn()));
        }
        for (ColumnSpec column : spec.schema()) {
            boolean binaryLabel = spec.task() == TaskType.BINARY && column.name().equals(spec.labelColumn());
            Column value = col(column.name());
            columns.add(binaryLabel ? value.try_cast(DataTypes.DoubleType).cast(DataTypes.IntegerType).as(column.name()) : value);
        }
        QualityColumns.SILVER_METADATA.forEach(name -> columns.add(col(name)));
        return classified.filter(size(col(VIOLATIONS)).equalTo(0)).select(columns.toArray(Column[]::new));
    }

    /** The rows with violations (also duplicates), one row each, with the raw values and where they came from. */
    public static Dataset<Row> quarantine(Dataset<Row> classified, String silverRunId, Instant at) {
        FeatureFrames.requireColumns(classified, VIOLATIONS, RAW);
        List<Column> columns = new ArrayList<>(List.of(
                lit(silverRunId).as(QualityColumns.RUN_ID),
                lit(Timestamp.from(at)).as(QualityColumns.QUARANTINED_AT),
                col(VIOLATIONS).cast(QualityColumns.VIOLATIONS_TYPE).as(QualityColumns.QUARANTINE_VIOLATIONS),
                col(RAW).cast(QualityColumns.RAW_TYPE).as(QualityColumns.QUARANTINE_RAW)));
        QualityColumns.SILVER_METADATA.forEach(name -> columns.add(col(name)));
        return classified.filter(size(col(VIOLATIONS)).gt(0)).select(columns.toArray(Column[]::new));
    }

    /**
     * The {rule, reason} violation of a row rule (any but a unique key) on the typed, corrected columns it reads, or null
     * when the row satisfies it: the check {@link #validate} makes, for the streaming scorer to make the same one on a live
     * event. The frame must have {@value QualityColumns#VIOLATIONS} with the row's cast failures (a value that failed its
     * cast is not "missing").
     */
    public static Column ruleViolation(QualityRule rule, DatasetSpec spec) {
        return QualityExpressions.check(rule, spec.columnsByName());
    }

    private static Column rawValues(DatasetSpec spec) {
        List<Column> entries = new ArrayList<>();
        for (ColumnSpec column : spec.schema()) {
            entries.add(when(col(column.name()).isNotNull(), struct(lit(column.name()).as("key"), col(column.name()).cast(DataTypes.StringType).as("value"))));
        }
        entries.add(when(col(CORRUPT_RECORD).isNotNull(), struct(lit(CORRUPT_RECORD).as("key"), col(CORRUPT_RECORD).cast(DataTypes.StringType).as("value"))));
        return map_from_entries(array_compact(array(entries.toArray(Column[]::new))));
    }

    /** A malformed record has only that violation; otherwise the cast failures plus every failed row check. */
    private static Column rowViolations(DatasetSpec spec) {
        Map<String, ColumnSpec> schema = spec.columnsByName();
        List<Column> checks = new ArrayList<>();
        for (ColumnSpec column : spec.schema()) {
            Column missing = col(column.name()).isNull().and(not(castFailed(column.name())));
            if (!column.nullable()) {
                checks.add(when(missing, violation("not-nullable:" + column.name(),
                        lit(column.name() + " is missing, but the schema says nullable = false"))));
            }
            if (spec.missingValuePolicy(column.name()).strategy() == MissingValuePolicy.Strategy.DROP) {
                checks.add(when(missing, violation("missing:" + column.name(), lit(column.name() + " is missing (missing-values strategy = drop)"))));
            }
        }
        if (spec.task() == TaskType.BINARY && spec.positiveLabel().isEmpty()) {
            Column label = col(spec.labelColumn());
            checks.add(when(label.isNotNull().and(not(label.try_cast(DataTypes.DoubleType).isin(0.0, 1.0))),
                    violation("label:" + spec.labelColumn(), concat(lit(spec.labelColumn() + " = "), display(label, schema.get(spec.labelColumn()).type()),
                            lit(" is not 0 or 1 (task = binary without positive-label)")))));
        }
        for (QualityRule rule : spec.quality().rules()) {
            if (!(rule instanceof QualityRule.UniqueKey)) {
                checks.add(ruleViolation(rule, spec));
            }
        }
        Column all = checks.isEmpty() ? col(VIOLATIONS) : concat(col(VIOLATIONS), array_compact(array(checks.toArray(Column[]::new))));
        Column malformed = array(violation(MALFORMED, concat(lit("the source could not split the record into columns: "),
                substring(col(CORRUPT_RECORD), 1, 200))));
        return when(col(CORRUPT_RECORD).isNotNull(), malformed).otherwise(all);
    }

    private static Dataset<Row> enforceUniqueKey(Dataset<Row> rows, QualityRule.UniqueKey key, DatasetSpec spec) {
        Map<String, ColumnSpec> schema = spec.columnsByName();
        Column valid = size(col(VIOLATIONS)).equalTo(0);
        Column complete = lit(true);
        List<Column> partition = new ArrayList<>(List.of(valid));
        List<Column> shown = new ArrayList<>();
        for (String column : key.columns()) {
            complete = complete.and(col(column).isNotNull());
            partition.add(col(column));
            shown.add(display(col(column), schema.get(column).type()));
            shown.add(lit(", "));
        }
        shown.remove(shown.size() - 1);
        List<Column> order = new ArrayList<>(List.of(latestFirst(spec)));
        order.add(col(spec.idColumn()).asc_nulls_last());
        WindowSpec byKey = Window.partitionBy(partition.toArray(Column[]::new)).orderBy(order.toArray(Column[]::new));
        Column repeated = valid.and(complete).and(row_number().over(byKey).gt(1));
        List<Column> reason = new ArrayList<>();
        reason.add(lit("key (" + String.join(", ", key.columns()) + ") = ("));
        reason.addAll(shown);
        reason.add(lit(") repeats; the latest record with this key is kept (" + spec.idColumn() + " = "));
        reason.add(coalesce(first(display(col(spec.idColumn()), idType(spec))).over(byKey), lit("?")));
        reason.add(lit(")"));
        Column violation = violation(key.name(), concat(reason.toArray(Column[]::new)));
        return rows.withColumn(VIOLATIONS, when(repeated, array(violation)).otherwise(col(VIOLATIONS)));
    }

    /**
     * Latest first: event time, then ingestion time, then origin; the raw values break the last ties, so which of two
     * rows is kept never depends on partitioning and a rerun keeps the same ones.
     */
    private static Column[] latestFirst(DatasetSpec spec) {
        List<Column> order = new ArrayList<>();
        if (spec.hasTime()) {
            order.add(col(spec.timeColumn()).desc_nulls_last());
        }
        order.add(col(INGESTED_AT).desc_nulls_last());
        order.add(col(ORIGIN).desc_nulls_last());
        order.add(to_json(col(RAW)).desc_nulls_last());
        return order.toArray(Column[]::new);
    }

    private static ColumnType idType(DatasetSpec spec) {
        return spec.column(spec.idColumn()).map(ColumnSpec::type).orElse(ColumnType.STRING);
    }

    /** One schema column after corrections and the cast, with its cast-failure check and its corrections' change markers. */
    private record CleanedColumn(Column value, Column castFailure, List<Column> changed) {
        static CleanedColumn of(ColumnSpec column, DatasetSpec spec) {
            String name = column.name();
            List<Column> changed = new ArrayList<>();
            List<Correction> corrections = spec.quality().corrections().stream().filter(c -> c.column().equals(name)).toList();
            Column source = col(name);
            List<Correction> text = corrections.stream().filter(Correction::beforeCast).toList();
            if (!text.isEmpty()) {
                source = source.cast(DataTypes.StringType);
                for (Correction correction : text) {
                    Column after = QualityExpressions.applyText(correction, source);
                    changed.add(when(not(source.eqNullSafe(after)), lit(correction.name())));
                    source = after;
                }
            }
            Column value;
            Column castFailure;
            if (spec.task() == TaskType.BINARY && name.equals(spec.labelColumn()) && !spec.positiveLabel().isEmpty()) {
                value = when(source.isNull(), lit(null)).when(source.cast(DataTypes.StringType).equalTo(spec.positiveLabel()), lit(1))
                        .otherwise(lit(0)).cast(DataTypes.IntegerType);
                castFailure = lit(null).cast(QualityColumns.VIOLATION_TYPE);
            } else {
                value = column.type() == ColumnType.STRING ? source.cast(DataTypes.StringType) : source.try_cast(SparkTypes.of(column.type()));
                castFailure = when(source.isNotNull().and(value.isNull()), violation(QualityExpressions.castRule(name),
                        concat(lit(name + " = '"), source.cast(DataTypes.StringType), lit("' is not a valid " + QualityExpressions.typeName(column.type())))));
            }
            for (Correction correction : corrections.stream().filter(c -> !c.beforeCast()).toList()) {
                Column after = QualityExpressions.applyNumeric(correction, value, column.type());
                changed.add(when(not(value.eqNullSafe(after)), lit(correction.name())));
                value = after;
            }
            return new CleanedColumn(value, castFailure, changed.stream().collect(Collectors.toList()));
        }
    }
}
