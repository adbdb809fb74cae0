package io.mlcycle.platform.model;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mlcycle.platform.model.ModelSignature.ColumnType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A few rows of a model's input, stored with the model the way MLflow stores a pandas DataFrame given as
 * {@code input_example} ({@code mlflow/models/utils.py}, {@code _Example}): {@value #EXAMPLE_FILE} holds the rows in
 * pandas' "split" orient ({@code {"columns": [...], "data": [[...], ...]}}), {@value #SERVING_EXAMPLE_FILE} the same
 * rows as a scoring-server request ({@code {"dataframe_split": ...}}), and MLmodel's {@code saved_input_example_info}
 * names both. {@code mlflow.models.Model.load(dir).load_input_example(dir)} gives the rows back as a DataFrame typed by
 * the model's signature.
 *
 * <p>Values are JSON values as MLflow reads them: numbers, strings, booleans and {@code null} for a missing value
 * (NaN included: pandas reads both as missing). Timestamps are their wall-clock time in the Spark session's time zone,
 * {@code 2024-01-02T03:04:05.123456}, always with six fraction digits (pandas parses a column in the format of its first
 * value, and MLflow itself writes {@code 2024-01-03T00:00:00} for a whole second, which its own loader then rejects);
 * dates are {@code 2024-01-02}; binary values are Base64.
 */
public record InputExample(List<String> columns, List<List<Object>> rows) {
    public static final String EXAMPLE_FILE = "input_example.json";
    public static final String SERVING_EXAMPLE_FILE = "serving_input_example.json";

    private static final String TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";
    private static final String DATE_FORMAT = "yyyy-MM-dd";
    /** Writes infinities as Python's json module does ({@code Infinity}, unquoted); NaN never reaches it. */
    private static final JsonMapper JSON = JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

    public InputExample {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("Cannot make an input example without columns");
        }
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("Cannot make an input example with repeated columns: " + columns);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Cannot make an input example of columns " + columns + " without rows");
        }
        List<List<Object>> copies = new ArrayList<>();
        for (List<Object> row : rows) {
            copies.add(checkedRow(row, columns));
        }
        rows = List.copyOf(copies);
    }

    /**
     * The first {@code maxRows} rows of {@code rows} in {@code columns} (the model's input columns). Rows with a missing
     * integer, long, boolean or binary value are left out: pandas cannot hold a missing value in such a column, so MLflow
     * would fail to load the example (integers, binary) or read the value as {@code false} (booleans).
     *
     * @throws IllegalArgumentException when a column is absent or of a type an MLflow signature cannot describe, or no
     *     row qualifies
     */
    public static InputExample of(Dataset<Row> rows, List<String> columns, int maxRows) {
        requireNonNull(rows, "rows is null");
        if (maxRows < 1) {
            throw new IllegalArgumentException("Cannot make an input example of " + maxRows + " rows: give at least 1");
        }
        StructType schema = rows.schema();
        List<String> known = List.of(schema.fieldNames());
        List<Column> values = new ArrayList<>();
        Column complete = org.apache.spark.sql.functions.lit(true);
        for (String column : List.copyOf(columns)) {
            if (!known.contains(column)) {
                throw new IllegalArgumentException("Cannot make an input example of column " + column + ": it is not in " + known);
            }
            DataType type = schema.apply(column).dataType();
            values.add(jsonReady(column, type).as(column));
            if (!admitsMissing(ColumnType.of(type))) {
                complete = complete.and(col(column).isNotNull());
            }
        }
        List<Row> collected = rows.filter(complete).select(values.toArray(Column[]::new)).limit(maxRows).collectAsList();
        if (collected.isEmpty()) {
            throw new IllegalArgumentException("Cannot make an input example of columns " + columns + ": no row has all of its"
                    + " integer, boolean and binary values (pandas cannot hold a missing one). Pass rows that do, or log the model without an example.");
        }
        return new InputExample(columns, collected.stream().map(InputExample::values).toList());
    }

    /** The contents of {@value #EXAMPLE_FILE}: the rows in pandas' "split" orient. */
    public String exampleJson() {
        return json(split(), false);
    }

    /** The contents of {@value #SERVING_EXAMPLE_FILE}: a request body for MLflow's scoring server. */
    public String servingJson() {
        return json(Map.of("dataframe_split", split()), true);
    }

    /** MLmodel's {@code saved_input_example_info}. */
    Map<String, Object> mlmodelInfo() {
        Map<String, Object> info = new TreeMap<>();
        info.put("artifact_path", EXAMPLE_FILE);
        info.put("pandas_orient", "split");
        info.put("serving_input_path", SERVING_EXAMPLE_FILE);
        info.put("type", "dataframe");
        return info;
    }

    private Map<String, Object> split() {
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", columns);
        split.put("data", rows);
        return split;
    }

    private static Column jsonReady(String column, DataType type) {
        ColumnType mlflowType = ColumnType.of(type);
        if (mlflowType == ColumnType.SPARKML_VECTOR) {
            throw new IllegalArgumentException("Cannot make an input example of vector column " + column
                    + ": mlcycle models take raw columns, and their pipeline assembles the vectors. Leave it out of the example.");
        }
        if (type.equals(DataTypes.TimestampType)) {
            return date_format(col(column), TIMESTAMP_FORMAT);
        }
        if (type.equals(DataTypes.DateType)) {
            return date_format(col(column), DATE_FORMAT);
        }
        if (type.equals(DataTypes.BinaryType)) {
            return base64(col(column));
        }
        return col(column);
    }

    private static boolean admitsMissing(ColumnType type) {
        return type != ColumnType.INTEGER && type != ColumnType.LONG && type != ColumnType.BOOLEAN && type != ColumnType.BINARY;
    }

    private static List<Object> values(Row row) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
            Object value = row.get(i);
            boolean notANumber = value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN();
            values.add(notANumber ? null : value);
        }
        return values;
    }

    private static List<Object> checkedRow(List<Object> row, List<String> columns) {
        if (row.size() != columns.size()) {
            throw new IllegalArgumentException("Cannot make an input example row " + row + ": it has " + row.size()
                    + " values for the " + columns.size() + " columns " + columns);
        }
        for (Object value : row) {
            boolean json = value == null || value instanceof String || value instanceof Boolean || value instanceof Number;
            if (!json || value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
                throw new IllegalArgumentException("Cannot make an input example row " + row + " with value " + value
                        + ": values are strings, numbers, booleans or null (for a missing value, NaN included)."
                        + " Use InputExample.of to convert Spark rows.");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(row));
    }

    private static String json(Object value, boolean indented) {
        try {
            return indented ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an input example as JSON", e);
        }
    }
}
