package io.mlcycle.jobs.retrain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Pure transformations that join delayed labels to the events the scorer saw. */
public final class LabeledEvents {
    private static final String OFFSET_RANK = "__label_rank";

    private LabeledEvents() {}

    /**
     * Labels out of Kafka records whose value is JSON {@code {"<id column>": "...", "<label column>": <label>}}, the label of
     * the dataset's task: binary 0 or 1 (an integer column), multiclass the class value (text, e.g. {@code "B"}), regression
     * a number (a double column). Records without an id or without a valid label of that type (not JSON, a text rate, a
     * binary 2, an empty class, a rate that is not finite) are left out; for an id labeled twice, the later record wins.
     */
    public static Dataset<Row> labels(Dataset<Row> kafkaRecords, DatasetSpec spec) {
        FeatureFrames.requireColumns(kafkaRecords, "value", "partition", "offset");
        StructType schema = new StructType()
                .add(spec.idColumn(), DataTypes.StringType)
                .add(spec.labelColumn(), labelType(spec.task()));
        return kafkaRecords
                .select(from_json(col("value").cast(DataTypes.StringType), schema).as("label"), col("partition"), col("offset"))
                .select(col("label." + spec.idColumn()), col("label." + spec.labelColumn()), col("partition"), col("offset"))
                .filter(col(spec.idColumn()).isNotNull().and(validLabel(col(spec.labelColumn()), spec.task())))
                .withColumn(OFFSET_RANK, org.apache.spark.sql.functions.row_number().over(
                        Window.partitionBy(spec.idColumn()).orderBy(col("partition").desc(), col("offset").desc())))
                .filter(col(OFFSET_RANK).equalTo(1))
                .drop(OFFSET_RANK, "partition", "offset");
    }

    private static DataType labelType(TaskType task) {
        return switch (task) {
            case BINARY -> DataTypes.IntegerType;
            case MULTICLASS -> DataTypes.StringType;
            case REGRESSION -> DataTypes.DoubleType;
        };
    }

    private static Column validLabel(Column label, TaskType task) {
        return switch (task) {
            case BINARY -> label.isin(0, 1);
            case MULTICLASS -> label.isNotNull().and(trim(label).notEqual(lit("")));
            case REGRESSION -> label.isNotNull().and(isnan(label).unary_$bang())
                    .and(label.notEqual(lit(Double.POSITIVE_INFINITY))).and(label.notEqual(lit(Double.NEGATIVE_INFINITY)));
        };
    }

    /** The scored events that have a label: the model's input columns plus the label, one row per id. */
    public static Dataset<Row> join(Dataset<Row> predictions, Dataset<Row> labels, DatasetSpec spec) {
        FeatureFrames.requireColumns(predictions, spec.idColumn(), spec.timeColumn());
        List<Column> columns = new ArrayList<>(List.of(FeatureFrames.modelInputColumns(spec)));
        Dataset<Row> events = predictions.select(columns.toArray(Column[]::new)).dropDuplicates(spec.idColumn());
        return events.join(labels, spec.idColumn());
    }
}
