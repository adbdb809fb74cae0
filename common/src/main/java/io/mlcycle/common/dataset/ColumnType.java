package io.mlcycle.common.dataset;

/**
 * The type a column of the dataset's schema has once it is clean (in silver); raw values are cast to it. Its Spark type is
 * {@link SparkTypes#of}: kept out of this enum, so that reading a dataset spec needs no Spark on the classpath (the CLI).
 */
public enum ColumnType {
    STRING,
    INTEGER,
    LONG,
    DOUBLE,
    BOOLEAN,
    DATE,
    TIMESTAMP;

    public boolean numeric() {
        return this == INTEGER || this == LONG || this == DOUBLE;
    }

    public boolean temporal() {
        return this == DATE || this == TIMESTAMP;
    }
}
