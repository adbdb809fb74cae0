package io.mlcycle.common.dataset;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The type a column of the dataset's schema has once it is clean (in silver); raw values are cast to it. */
public enum ColumnType {
    STRING(DataTypes.StringType),
    INTEGER(DataTypes.IntegerType),
    LONG(DataTypes.LongType),
    DOUBLE(DataTypes.DoubleType),
    BOOLEAN(DataTypes.BooleanType),
    DATE(DataTypes.DateType),
    TIMESTAMP(DataTypes.TimestampType);

    private final DataType sparkType;

    ColumnType(DataType sparkType) {
        this.sparkType = sparkType;
    }

    public DataType sparkType() {
        return sparkType;
    }

    public boolean numeric() {
        return this == INTEGER || this == LONG || this == DOUBLE;
    }

    public boolean temporal() {
        return this == DATE || this == TIMESTAMP;
    }
}
