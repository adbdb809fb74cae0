package io.mlcycle.streaming;

import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.drift.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small, real model folder for the tests, in the layout the training job writes: {@code sparkml/} (a fitted
 * {@link PipelineModel}: impute, index, one-hot, assemble, logistic regression) and {@code drift_reference.json}.
 *
 * <p>The hand-made data repeats a cycle of 20 rows: row {@code i} has amount {@code 100 + (i % 20) * 50},
 * income {@code 2000 + (i % 10) * 300} (missing when {@code i % 20 == 7}), channel web, branch, phone, web by
 * {@code i % 4}, and label 1 exactly when the amount is above 600. Any 20 consecutive rows have the training
 * distribution, so a window of whole cycles has PSI 0 against the reference.
 */
final class TestModels {
    static final DatasetSpec SPEC = new DatasetSpec(
            "it-applications", "event_id", "customer", "event_time", "label", List.of("amount", "income"), List.of("channel"));
    static final int TRAINING_ROWS = 200;
    static final int BINS = 4;
    private static final String[] CHANNELS = {"web", "branch", "phone", "web"};

    private TestModels() {}

    static double amount(int i) {
        return 100 + (i % 20) * 50;
    }

    static Double income(int i) {
        return i % 20 == 7 ? null : 2000.0 + (i % 10) * 300;
    }

    static String channel(int i) {
        return CHANNELS[i % 4];
    }

    /** Fits a model on the cycle data and writes its folder to {@code dir}; {@code regularization} makes versions differ. */
    static Path writeModelFolder(SparkSession spark, Path dir, double regularization) throws IOException {
        Dataset<Row> training = trainingRows(spark).cache();
        PipelineModel model = new Pipeline().setStages(stages(regularization)).fit(training);
        model.write().overwrite().save(dir.resolve(ChampionModels.PIPELINE_DIR).toString());
        ReferenceProfile reference = ReferenceProfile.fit(training, SPEC.numericFeatures(), SPEC.categoricalFeatures(), BINS);
        Files.writeString(dir.resolve(ChampionModels.REFERENCE_FILE), reference.toJson());
        training.unpersist();
        return dir;
    }

    /** The same preprocessing with {@code classifier} as the final stage, fitted on the same rows. */
    static PipelineModel fitWith(SparkSession spark, PipelineStage classifier) {
        return fitWith(trainingRows(spark), classifier);
    }

    /** {@link #SPEC} with another task. */
    static DatasetSpec spec(TaskType task) {
        return new DatasetSpec(SPEC.name(), task, SPEC.idColumn(), SPEC.entityColumn(), SPEC.timeColumn(), SPEC.labelColumn(),
                SPEC.positiveLabel(), SPEC.schema(), SPEC.sensitiveAttributes(), SPEC.sources(), SPEC.missingValues(), SPEC.quality(),
                SPEC.featureSpec());
    }

    /**
     * A multiclass model as the train job saves it: the preprocessing and a multinomial logistic regression on the class
     * index (class values sorted as text: {@code high} 0, {@code low} 1, {@code mid} 2; the class is {@code low} for
     * amounts up to 400, {@code mid} up to 700, {@code high} above), then the stage that maps the index back to the value.
     */
    static PipelineModel fitMulticlass(SparkSession spark) {
        Dataset<Row> rows = trainingRows(spark).withColumn("label", functions.when(functions.col("amount").leq(400), 1.0)
                .when(functions.col("amount").leq(700), 2.0).otherwise(0.0));
        PipelineModel classifier = fitWith(rows, new LogisticRegression().setLabelCol("label").setFamily("multinomial").setMaxIter(200));
        IndexToString labels = new IndexToString().setInputCol("prediction").setOutputCol("predicted_label")
                .setLabels(new String[] {"high", "low", "mid"});
        return new Pipeline().setStages(new PipelineStage[] {classifier, labels}).fit(rows);
    }

    /** A regression model on the target {@code 2 * amount + 10} (exactly linear, so the fit is exact). */
    static PipelineModel fitRegression(SparkSession spark) {
        Dataset<Row> rows = trainingRows(spark).withColumn("label", functions.col("amount").multiply(2).plus(10));
        return fitWith(rows, new LinearRegression().setLabelCol("label").setMaxIter(100));
    }

    private static PipelineModel fitWith(Dataset<Row> rows, PipelineStage predictor) {
        PipelineStage[] stages = stages(0.0);
        stages[stages.length - 1] = predictor;
        return new Pipeline().setStages(stages).fit(rows);
    }

    private static Dataset<Row> trainingRows(SparkSession spark) {
        StructType schema = new StructType()
                .add("amount", DataTypes.DoubleType)
                .add("income", DataTypes.DoubleType)
                .add("channel", DataTypes.StringType)
                .add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < TRAINING_ROWS; i++) {
            rows.add(RowFactory.create(amount(i), income(i), channel(i), amount(i) > 600 ? 1.0 : 0.0));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static PipelineStage[] stages(double regularization) {
        return new PipelineStage[] {
            new Imputer().setInputCols(new String[] {"amount", "income"}).setOutputCols(new String[] {"amount_imputed", "income_imputed"}),
            new StringIndexer().setInputCol("channel").setOutputCol("channel_index").setHandleInvalid("keep"),
            new OneHotEncoder().setInputCols(new String[] {"channel_index"}).setOutputCols(new String[] {"channel_vector"}).setHandleInvalid("keep"),
            new VectorAssembler().setInputCols(new String[] {"amount_imputed", "income_imputed", "channel_vector"}).setOutputCol("features"),
            new LogisticRegression().setLabelCol("label").setMaxIter(50).setRegParam(regularization)
        };
    }
}
