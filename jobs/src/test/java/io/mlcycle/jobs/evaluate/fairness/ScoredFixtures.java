package io.mlcycle.jobs.evaluate.fairness;

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

/** Scored rows as the evaluation sees them: a group column, a numeric column, the probability vector and the label. */
final class ScoredFixtures {
    static final StructType SCHEMA = new StructType()
            .add("region", DataTypes.StringType, true)
            .add("age", DataTypes.DoubleType, true)
            .add("probability", SQLDataTypes.VectorType(), false)
            .add("label", DataTypes.DoubleType, false);

    private ScoredFixtures() {}

    /** One row: region, age, positive-class probability, label. */
    static Object[] row(String region, Double age, double positiveProbability, double label) {
        return new Object[] {region, age, positiveProbability, label};
    }

    static Dataset<Row> scored(SparkSession spark, List<Object[]> rows) {
        List<Row> out = new ArrayList<>();
        for (Object[] row : rows) {
            double p = (double) row[2];
            out.add(RowFactory.create(row[0], row[1], Vectors.dense(1 - p, p), row[3]));
        }
        return spark.createDataFrame(out, SCHEMA);
    }
}
