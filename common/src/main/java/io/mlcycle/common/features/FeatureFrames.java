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

/** Pure helpers shared by training and scoring: the label column, the model input columns, column checks. (Typing raw values is silver's job: QualityFrames.) */
public final class FeatureFrames {
    /** The label as MLlib wants it: a double column of this name. */
    public static final String LABEL_COLUMN = "label";

    private FeatureFrames() {}

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
