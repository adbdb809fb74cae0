package io.mlcycle.jobs.train;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.jobs.features.FeatureSplits;
import io.mlcycle.platform.delta.DeltaTables;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * The rows one training run uses, from one version of the feature table: the train split, divided into the rows the
 * candidates are fitted and tuned on ({@code fit}) and the rows that compare the algorithms' winners and choose the
 * decision threshold ({@code validation}); and the test split, used only to evaluate the chosen model.
 *
 * <p>The label is {@link FeatureFrames#LABEL_COLUMN} as a double: 0/1 for binary tasks, the target for regression, and for
 * multiclass tasks the index of the label value among the training split's sorted distinct values ({@link #classes}).
 * Validation rows are the latest share of the train split by event time when the dataset has one, else a seeded hash
 * share of the ids: the same rows on every run over the same version.
 */
public record TrainingData(String table, long version, Dataset<Row> fit, Dataset<Row> validation, Dataset<Row> test,
        Optional<List<String>> classes) {
    /** Column of the predicted label value of a multiclass model (its class index is {@code prediction}). */
    public static final String PREDICTED_LABEL_COLUMN = "predicted_label";
    private static final long HASH_BUCKETS = 10_000;

    public TrainingData {
        requireNonNull(table, "table is null");
        requireNonNull(fit, "fit is null");
        requireNonNull(validation, "validation is null");
        requireNonNull(test, "test is null");
        requireNonNull(classes, "classes is null");
    }

    /** Reads {@code version} of the feature table (cached: the caller {@link #release}s it). */
    public static TrainingData load(SparkSession spark, String table, long version, DatasetSpec spec, double validationFraction,
            String weightColumn, long seed) {
        Dataset<Row> rows = DeltaTables.read(spark, table, version);
        FeatureFrames.requireColumns(rows, spec.labelColumn(), FeatureSplits.SPLIT_COLUMN);
        if (!weightColumn.isEmpty()) {
            if (!Arrays.asList(rows.columns()).contains(weightColumn)) {
                throw new IllegalArgumentException("Cannot train with weight column '" + weightColumn + "' (mlcycle.train.weight-column): the"
                        + " feature table " + table + " has no such column; it has " + Arrays.toString(rows.columns())
                        + ". Add it to mlcycle.dataset.schema, or set weight-column = \"\".");
            }
            if (!(rows.schema().apply(weightColumn).dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("Cannot train with weight column '" + weightColumn + "': it is of type "
                        + rows.schema().apply(weightColumn).dataType().simpleString() + ", a weight must be numeric.");
            }
        }
        Dataset<Row> train = rows.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TRAIN));
        Dataset<Row> test = rows.filter(col(FeatureSplits.SPLIT_COLUMN).equalTo(FeatureSplits.TEST));
        Optional<List<String>> classes = Optional.empty();
        if (spec.task() == TaskType.MULTICLASS) {
            List<String> values = train.select(col(spec.labelColumn()).cast(DataTypes.StringType).as("v")).filter(col("v").isNotNull()).distinct().orderBy(col("v"))
                    .collectAsList().stream().map(row -> row.getString(0)).toList();
            if (values.size() < 2) {
                throw new IllegalArgumentException("Cannot train a multiclass model on " + table + " version " + version + ": the train split has "
                        + values.size() + " label value(s) " + values + "; it needs at least two.");
            }
            classes = Optional.of(values);
            train = withClassIndex(train, spec.labelColumn(), values);
            // A test label never seen in training cannot be predicted; such rows stay (index -1 = a wrong prediction is certain).
            test = withClassIndex(test, spec.labelColumn(), values);
        } else {
            train = FeatureFrames.withLabel(train, spec);
            test = FeatureFrames.withLabel(test, spec);
        }
        Column validationRows = validationRows(train, spec, validationFraction, seed);
        Dataset<Row> fit = train.filter(validationRows.unary_$bang()).cache();
        Dataset<Row> validation = train.filter(validationRows).cache();
        return new TrainingData(table, version, fit, validation, test.cache(), classes);
    }

    /** The latest share of rows by event time (dataset with a time column), else a seeded hash share of the ids. */
    private static Column validationRows(Dataset<Row> train, DatasetSpec spec, double fraction, long seed) {
        if (spec.hasTime()) {
            Column seconds = col(spec.timeColumn()).cast(DataTypes.DoubleType);
            double[] cutoff = train.select(seconds.as("t")).stat().approxQuantile("t", new double[] {1 - fraction}, 0.0001);
            if (cutoff.length == 1) {
                return seconds.gt(lit(cutoff[0]));
            }
        }
        Column bucket = pmod(xxhash64(lit(seed), lit("validation"), col(spec.idColumn()).cast(DataTypes.StringType)), lit(HASH_BUCKETS));
        return bucket.lt(lit(Math.round(fraction * HASH_BUCKETS)));
    }

    /**
     * Adds the multiclass {@link FeatureFrames#LABEL_COLUMN}: the index of the label value (as text) in {@code classes}, a
     * double; -1 for a value not in {@code classes}, null for a missing one.
     */
    public static Dataset<Row> withClassIndex(Dataset<Row> rows, String labelColumn, List<String> classes) {
        FeatureFrames.requireColumns(rows, labelColumn);
        Column index = array_position(array(classes.stream().map(value -> lit(value)).toArray(Column[]::new)), col(labelColumn).cast(DataTypes.StringType))
                .minus(1).cast(DataTypes.DoubleType);
        return rows.withColumn(FeatureFrames.LABEL_COLUMN, index);
    }

    /** The multiclass stage that maps a predicted class index back to its label value; empty for other tasks. */
    public Optional<IndexToString> labelStage() {
        return classes.map(TrainingData::labelStage);
    }

    /** The stage that maps a predicted class index ({@code prediction}) back to its value among {@code classes}. */
    public static IndexToString labelStage(List<String> classes) {
        return new IndexToString()
                .setInputCol("prediction")
                .setOutputCol(PREDICTED_LABEL_COLUMN)
                .setLabels(classes.toArray(String[]::new));
    }

    public void release() {
        fit.unpersist();
        validation.unpersist();
        test.unpersist();
    }
}
