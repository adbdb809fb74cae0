package io.mlcycle.platform.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A Spark schema as MLflow's column-spec schema, the form MLflow's Python {@code SparkDataset} logs
 * ({@code {"mlflow_colspec": [{"type": "double", "name": "amount", "required": true}, ...]}}), following
 * {@code mlflow.types.utils._infer_spark_type}: every integral type but long is {@code integer}, date and timestamp are
 * {@code datetime}, a struct is an {@code object} whose properties (sorted by name) are required when not nullable, and top-level
 * columns are {@code required} as MLflow writes them for Spark. Where MLflow's inference has no answer, this picks
 * the nearest type MLflow can read back: a decimal is {@code double}, a map is MLflow's {@code map} (MLflow derives
 * an object from the data's keys instead, which needs a scan), and anything else is {@code any}.
 */
final class MlflowSchemas {
    private MlflowSchemas() {}

    /** The value MLflow stores as a dataset's schema, before it is written as JSON. */
    static Map<String, Object> colspec(StructType schema) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            Map<String, Object> column = type(field.dataType());
            column.put("name", field.name());
            column.put("required", true);
            columns.add(column);
        }
        return Map.of("mlflow_colspec", columns);
    }

    private static Map<String, Object> type(DataType type) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (type instanceof ArrayType array) {
            spec.put("type", "array");
            spec.put("items", type(array.elementType()));
        } else if (type instanceof StructType struct) {
            spec.put("type", "object");
            spec.put("properties", properties(struct));
        } else if (type instanceof MapType map) {
            spec.put("type", "map");
            spec.put("values", type(map.valueType()));
        } else {
            spec.put("type", scalar(type));
        }
        return spec;
    }

    /** Sorted by name, as MLflow's {@code Object} sorts its properties. */
    private static Map<String, Object> properties(StructType struct) {
        Map<String, Object> properties = new TreeMap<>();
        for (StructField field : struct.fields()) {
            Map<String, Object> property = type(field.dataType());
            property.put("required", !field.nullable());
            properties.put(field.name(), property);
        }
        return properties;
    }

    private static String scalar(DataType type) {
        if (type instanceof LongType) {
            return "long";
        }
        if (type instanceof IntegralType) {
            return "integer";
        }
        if (type instanceof FloatType) {
            return "float";
        }
        if (type instanceof DoubleType || type instanceof DecimalType) {
            return "double";
        }
        if (type instanceof BooleanType) {
            return "boolean";
        }
        if (type instanceof StringType) {
            return "string";
        }
        if (type instanceof BinaryType) {
            return "binary";
        }
        if (type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType) {
            return "datetime";
        }
        return type instanceof VectorUDT ? "sparkml_vector" : "any";
    }
}
