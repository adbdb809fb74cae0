package io.mlcycle.common.features;

import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.dataset.DatasetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Pure transformations shared by training and scoring: typed feature columns out of raw ones. */
public final class FeatureFrames {
    /** The label as MLlib wants it: a double column of this name. */
    public static final String LABEL_COLUMN = "label";

    private FeatureFrames() {}

    /**
     * Casts the spec's columns from their raw (often string) form to the types the models use: id and entity
     * as strings, event time as timestamp, numeric features as double, categorical features as string.
     * A value that does not cast becomes null here; callers that must not lose such values check them first.
     */
    public static Dataset<Row> typed(Dataset<Row> raw, DatasetSpec spec) {
        requireColumns(raw, spec.idColumn(), spec.entityColumn(), spec.timeColumn());
        requireColumns(raw, spec.features().toArray(String[]::new));
        Dataset<Row> typed = raw
                .withColumn(spec.idColumn(), col(spec.idColumn()).cast(DataTypes.StringType))
                .withColumn(spec.entityColumn(), col(spec.entityColumn()).cast(DataTypes.StringType))
                .withColumn(spec.timeColumn(), col(spec.timeColumn()).cast(DataTypes.TimestampType));
        for (String numeric : spec.numericFeatures()) {
            typed = typed.withColumn(numeric, col(numeric).cast(DataTypes.DoubleType));
        }
        for (String categorical : spec.categoricalFeatures()) {
            typed = typed.withColumn(categorical, col(categorical).cast(DataTypes.StringType));
        }
        return typed;
    }

    /** Adds {@link #LABEL_COLUMN} as a double copy of the spec's label column. */
    public static Dataset<Row> withLabel(Dataset<Row> rows, DatasetSpec spec) {
        requireColumns(rows, spec.labelColumn());
        return rows.withColumn(LABEL_COLUMN, col(spec.labelColumn()).cast(DataTypes.DoubleType));
    }

    /** The columns a model needs: id, entity and time (when the data has them), then what its pipeline reads. */
    public static Column[] modelInputColumns(DatasetSpec spec) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        names.add(spec.idColumn());
        if (spec.hasEntity()) {
            names.add(spec.entityColumn());
        }
        if (spec.hasTime()) {
            names.add(spec.timeColumn());
        }
        names.addAll(spec.featureSpec().pipelineInputColumns());
        List<Column> columns = new ArrayList<>();
        names.forEach(name -> columns.add(col(name)));
        return columns.toArray(Column[]::new);
    }

    public static void requireColumns(Dataset<Row> rows, String... columns) {
        List<String> present = Arrays.asList(rows.columns());
        List<String> missing = Arrays.stream(columns).filter(column -> !present.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot transform rows: missing columns " + missing + " (present: " + present
                    + "). Check that the dataset spec's column names match the data.");
        }
    }
}
