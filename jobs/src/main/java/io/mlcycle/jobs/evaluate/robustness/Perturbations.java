package io.mlcycle.jobs.evaluate.robustness;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.mlcycle.common.features.FeatureFrames;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegralType;

/**
 * Seeded perturbations of feature columns, pure transformations. Each cell's random draw is a hash of (seed, column,
 * purpose, row id), not {@code rand(seed)}: {@code rand} depends on a row's partition and position in it, so a
 * repartitioned or re-read test set would get other draws. A hash gives every cell the same draw on every run and every
 * partitioning, and a row's draws do not depend on which other rows are present. Rows with the same id get the same draws.
 */
public final class Perturbations {
    /** 2^-53: a 53-bit integer times this is a double uniform in [0, 1). */
    private static final double UNIT = 0x1.0p-53;

    private Perturbations() {}

    /**
     * Adds {@code N(0, (scale * std)^2)} noise to each numeric column in {@code standardDeviations} (column to its
     * standard deviation on the test rows). Missing values stay missing; integral columns are rounded back to integers.
     * A scale of 0 returns the rows unchanged.
     */
    public static Dataset<Row> withGaussianNoise(Dataset<Row> rows, String idColumn, Map<String, Double> standardDeviations, double scale, long seed) {
        FeatureFrames.requireColumns(rows, idColumn);
        FeatureFrames.requireColumns(rows, standardDeviations.keySet().toArray(String[]::new));
        if (scale == 0.0) {
            return rows;
        }
        Dataset<Row> noisy = rows;
        for (Map.Entry<String, Double> column : standardDeviations.entrySet()) {
            String name = column.getKey();
            Column noise = standardNormal(idColumn, name, seed).multiply(scale * column.getValue());
            Column value = col(name).plus(noise);
            DataType type = rows.schema().apply(name).dataType();
            noisy = noisy.withColumn(name, (type instanceof IntegralType ? round(value) : value).cast(type));
        }
        return noisy;
    }

    /** Sets each cell of {@code columns} to null with probability {@code share}, independently per cell. */
    public static Dataset<Row> withMissingValues(Dataset<Row> rows, String idColumn, List<String> columns, double share, long seed) {
        FeatureFrames.requireColumns(rows, idColumn);
        FeatureFrames.requireColumns(rows, columns.toArray(String[]::new));
        Dataset<Row> holed = rows;
        for (String name : columns) {
            DataType type = rows.schema().apply(name).dataType();
            holed = holed.withColumn(name, when(uniform(idColumn, name, "missing", seed).lt(lit(share)), lit(null).cast(type))
                    .otherwise(col(name)));
        }
        return holed;
    }

    /** A draw uniform in [0, 1) per (seed, column, purpose, row id): the top 53 bits of a 64-bit hash. */
    static Column uniform(String idColumn, String column, String purpose, long seed) {
        Column hash = xxhash64(lit(seed), lit(column), lit(purpose), col(idColumn).cast("string"));
        return shiftrightunsigned(hash, 11).cast("double").multiply(UNIT);
    }

    /** A standard normal draw per cell, by Box-Muller from two independent uniforms (1 - u lies in (0, 1], so the log is finite). */
    static Column standardNormal(String idColumn, String column, long seed) {
        Column radius = sqrt(log(lit(1.0).minus(uniform(idColumn, column, "noise-radius", seed))).multiply(-2.0));
        Column angle = uniform(idColumn, column, "noise-angle", seed).multiply(2 * Math.PI);
        return radius.multiply(cos(angle));
    }
}
