package io.mlcycle.platform.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MlflowSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The expected text is what MLflow 3.17.2's Python prints for the same columns
     * ({@code json.dumps({"mlflow_colspec": Schema([...]).to_dict()})} with ColSpec, Array, Object, Map, SparkMLVector
     * and AnyType), with Python's separators removed.
     */
    @Test
    void writesSparkTypesAsMlflowColumnSpecs() throws Exception {
        StructType schema = new StructType()
                .add("id", DataTypes.LongType)
                .add("short_col", DataTypes.ShortType)
                .add("f", DataTypes.FloatType)
                .add("d", DataTypes.DateType)
                .add("arr", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("st", new StructType().add("y", DataTypes.createArrayType(DataTypes.LongType), true).add("x", DataTypes.StringType, false))
                .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.BooleanType))
                .add("vec", SQLDataTypes.VectorType())
                .add("other", DataTypes.CalendarIntervalType);

        String json = JSON.writeValueAsString(MlflowSchemas.colspec(schema));

        assertThat(json).isEqualTo("{\"mlflow_colspec\":["
                + "{\"type\":\"long\",\"name\":\"id\",\"required\":true},"
                + "{\"type\":\"integer\",\"name\":\"short_col\",\"required\":true},"
                + "{\"type\":\"float\",\"name\":\"f\",\"required\":true},"
                + "{\"type\":\"datetime\",\"name\":\"d\",\"required\":true},"
                + "{\"type\":\"array\",\"items\":{\"type\":\"double\"},\"name\":\"arr\",\"required\":true},"
                + "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"required\":true},"
                + "\"y\":{\"type\":\"array\",\"items\":{\"type\":\"long\"},\"required\":false}},\"name\":\"st\",\"required\":true},"
                + "{\"type\":\"map\",\"values\":{\"type\":\"boolean\"},\"name\":\"m\",\"required\":true},"
                + "{\"type\":\"sparkml_vector\",\"name\":\"vec\",\"required\":true},"
                + "{\"type\":\"any\",\"name\":\"other\",\"required\":true}]}");
    }

    @Test
    void mapsTheRemainingScalarsAsMlflowInfersThem() throws Exception {
        StructType schema = new StructType()
                .add("i", DataTypes.IntegerType).add("b", DataTypes.ByteType).add("flag", DataTypes.BooleanType)
                .add("bytes", DataTypes.BinaryType).add("ts", DataTypes.TimestampType).add("ntz", DataTypes.TimestampNTZType)
                .add("money", DataTypes.createDecimalType(10, 2)).add("s", DataTypes.StringType);

        String json = JSON.writeValueAsString(MlflowSchemas.colspec(schema));

        assertThat(json).isEqualTo("{\"mlflow_colspec\":["
                + "{\"type\":\"integer\",\"name\":\"i\",\"required\":true},{\"type\":\"integer\",\"name\":\"b\",\"required\":true},"
                + "{\"type\":\"boolean\",\"name\":\"flag\",\"required\":true},{\"type\":\"binary\",\"name\":\"bytes\",\"required\":true},"
                + "{\"type\":\"datetime\",\"name\":\"ts\",\"required\":true},{\"type\":\"datetime\",\"name\":\"ntz\",\"required\":true},"
                + "{\"type\":\"double\",\"name\":\"money\",\"required\":true},{\"type\":\"string\",\"name\":\"s\",\"required\":true}]}");
    }
}
