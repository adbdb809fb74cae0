package io.mlcycle.platform.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What a model takes and gives, as MLflow records it in {@code MLmodel}: input columns by name and type, and the
 * output MLflow's pyfunc gives, the Spark model's prediction column. MLflow's pyfunc loader checks the inputs of every
 * prediction against it.
 *
 * <p>The probability column is deliberately not an output, although {@code mlflow.spark.load_model} gives it: MLflow
 * 3.17.2's pyfunc wrapper ({@code mlflow/spark/__init__.py}, {@code _PyFuncModelWrapper.predict}) selects the prediction
 * column only and then converts every vector-typed output of the signature, so a signature naming
 * {@code probability} makes every pyfunc prediction fail with {@code UNRESOLVED_COLUMN `probability`}.
 */
public record ModelSignature(List<Column> inputs, List<Column> outputs) {
    /** The column a Spark predictor writes its prediction to unless told otherwise. */
    public static final String PREDICTION_COLUMN = "prediction";

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Cannot describe a model signature without inputs");
        }
        if (inputs.stream().anyMatch(column -> column.name().isEmpty())) {
            throw new IllegalArgumentException("Cannot describe a model signature with unnamed inputs: " + inputs
                    + ". A spark-flavor model reads its inputs by column name.");
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
        DATETIME("datetime"),
        /** A Spark ML vector ({@code mlflow.types.schema.SparkMLVector}); pyfunc turns a list-of-doubles input into one. */
        SPARKML_VECTOR("sparkml_vector");

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
            if (sparkType instanceof VectorUDT) {
                return SPARKML_VECTOR;
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
     * The given {@code columns} of {@code schema} as inputs and the double column {@value #PREDICTION_COLUMN} as output,
     * what every Spark classifier and regressor gives; {@link #withOutputsOf} describes a fitted model's outputs exactly.
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
        return new ModelSignature(inputs, List.of(Column.named(PREDICTION_COLUMN, ColumnType.DOUBLE)));
    }

    /**
     * These inputs with the output {@code model} gives through MLflow's pyfunc: the prediction column of its final
     * predictor, a double (see the type's note on probability). A pipeline that does not end in a predictor keeps these
     * outputs.
     */
    public ModelSignature withOutputsOf(PipelineModel model) {
        requireNonNull(model, "model is null");
        return finalPredictor(model)
                .map(predictor -> new ModelSignature(inputs, List.of(Column.named(predictor.getPredictionCol(), ColumnType.DOUBLE))))
                .orElse(this);
    }

    /** The names of the input columns, in order. */
    public List<String> inputNames() {
        return inputs.stream().map(column -> column.name().orElseThrow()).toList();
    }

    private static Optional<PredictionModel<?, ?>> finalPredictor(PipelineModel model) {
        Transformer[] stages = model.stages();
        if (stages.length == 0) {
            return Optional.empty();
        }
        Transformer last = stages[stages.length - 1];
        if (last instanceof PipelineModel nested) {
            return finalPredictor(nested);
        }
        return last instanceof PredictionModel<?, ?> predictor ? Optional.of(predictor) : Optional.empty();
    }

    List<Map<String, Object>> inputsForMlflow() {
        return inputs.stream().map(Column::toMlflow).toList();
    }

    List<Map<String, Object>> outputsForMlflow() {
        return outputs.stream().map(Column::toMlflow).toList();
    }
}
