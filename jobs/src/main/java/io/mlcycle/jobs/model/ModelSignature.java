package io.mlcycle.jobs.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a model takes and gives, as MLflow records it in {@code MLmodel}: input columns by name and type, and the
 * outputs. MLflow's pyfunc loader checks the inputs of every prediction against it.
 */
public record ModelSignature(List<Column> inputs, List<Column> outputs) {
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Cannot describe a model signature without inputs");
        }
    }

    /** MLflow's column types (mlflow.types.DataType). */
    public enum ColumnType {
        BOOLEAN("boolean"),
        INTEGER("integer"),
        LONG("long"),
        FLOAT("float"),
        DOUBLE("double"),
        STRING("string"),
        BINARY("binary"),
        DATETIME("datetime");

        private final String mlflowName;

        ColumnType(String mlflowName) {
            this.mlflowName = mlflowName;
        }

        public String mlflowName() {
            return mlflowName;
        }

        /** The MLflow type of a Spark column type. */
        public static ColumnType of(DataType sparkType) {
            if (sparkType.equals(DataTypes.BooleanType)) {
                return BOOLEAN;
            }
            if (sparkType.equals(DataTypes.ByteType) || sparkType.equals(DataTypes.ShortType) || sparkType.equals(DataTypes.IntegerType)) {
                return INTEGER;
            }
            if (sparkType.equals(DataTypes.LongType)) {
                return LONG;
            }
            if (sparkType.equals(DataTypes.FloatType)) {
                return FLOAT;
            }
            if (sparkType.equals(DataTypes.DoubleType)) {
                return DOUBLE;
            }
            if (sparkType.equals(DataTypes.StringType)) {
                return STRING;
            }
            if (sparkType.equals(DataTypes.BinaryType)) {
                return BINARY;
            }
            if (sparkType.equals(DataTypes.TimestampType) || sparkType.equals(DataTypes.DateType)) {
                return DATETIME;
            }
            throw new IllegalArgumentException("Cannot describe Spark type " + sparkType.simpleString() + " in an MLflow signature");
        }
    }

    /** One column; outputs may be unnamed. */
    public record Column(Optional<String> name, ColumnType type) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }

        public static Column named(String name, ColumnType type) {
            return new Column(Optional.of(requireNonNull(name, "name is null")), type);
        }

        public static Column unnamed(ColumnType type) {
            return new Column(Optional.empty(), type);
        }

        /** MLflow's JSON form of a column: {@code {"type": "double", "name": "a", "required": true}}. */
        Map<String, Object> toMlflow() {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("type", type.mlflowName());
            name.ifPresent(value -> spec.put("name", value));
            spec.put("required", true);
            return spec;
        }
    }

    /**
     * The given {@code columns} of {@code schema} as inputs and one unnamed double as output, which is what a
     * Spark classifier's or regressor's {@code prediction} column gives through MLflow's pyfunc.
     */
    public static ModelSignature of(StructType schema, List<String> columns) {
        List<Column> inputs = new ArrayList<>();
        List<String> known = List.of(schema.fieldNames());
        for (String column : columns) {
            if (!known.contains(column)) {
                throw new IllegalArgumentException("Cannot describe input column " + column + " in a model signature: it is not in " + known);
            }
            StructField field = schema.apply(column);
            inputs.add(Column.named(field.name(), ColumnType.of(field.dataType())));
        }
        return new ModelSignature(inputs, List.of(Column.unnamed(ColumnType.DOUBLE)));
    }

    List<Map<String, Object>> inputsForMlflow() {
        return inputs.stream().map(Column::toMlflow).toList();
    }

    List<Map<String, Object>> outputsForMlflow() {
        return outputs.stream().map(Column::toMlflow).toList();
    }
}
