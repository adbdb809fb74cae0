package io.mlcycle.jobs.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small explicit-schema frames of scored rows, shaped as MLlib's models output them. */
final class ScoredFrames {
    private static final StructType BINARY = new StructType()
            .add("label", DataTypes.DoubleType, true)
            .add("probability", SQLDataTypes.VectorType(), true);
    private static final StructType MULTICLASS = new StructType()
            .add("label", DataTypes.DoubleType, true)
            .add("prediction", DataTypes.DoubleType, true)
            .add("probability", SQLDataTypes.VectorType(), true);
    private static final StructType REGRESSION = new StructType()
            .add("label", DataTypes.DoubleType, true)
            .add("prediction", DataTypes.DoubleType, true);

    private ScoredFrames() {}

    /** Rows of (label, probability [1 - score, score]). */
    static Dataset<Row> binary(SparkSession spark, double[] labels, double[] scores) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create(labels[i], Vectors.dense(1 - scores[i], scores[i])));
        }
        return spark.createDataFrame(rows, BINARY);
    }

    /** Rows of (label, prediction, probability). */
    static Dataset<Row> multiclass(SparkSession spark, double[] labels, double[] predictions, double[][] probabilities) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create(labels[i], predictions[i], Vectors.dense(probabilities[i])));
        }
        return spark.createDataFrame(rows, MULTICLASS);
    }

    /** Rows of (label, prediction). */
    static Dataset<Row> regression(SparkSession spark, double[] labels, double[] predictions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            rows.add(RowFactory.create(labels[i], predictions[i]));
        }
        return spark.createDataFrame(rows, REGRESSION);
    }

    /**
     * A seeded random binary fixture: labels Bernoulli(0.4), scores a logistic function of a label-shifted normal,
     * rounded to {@code decimals} (few decimals make many tied scores; 0 means not rounded).
     */
    static Dataset<Row> randomBinary(SparkSession spark, int rows, long seed, int decimals) {
        java.util.Random random = new java.util.Random(seed);
        double[] labels = new double[rows];
        double[] scores = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextDouble() < 0.4 ? 1 : 0;
            double score = 1 / (1 + Math.exp(-(1.5 * labels[i] - 0.75 + random.nextGaussian())));
            scores[i] = decimals == 0 ? score : Math.round(score * Math.pow(10, decimals)) / Math.pow(10, decimals);
        }
        return binary(spark, labels, scores);
    }
}
