package io.mlcycle.jobs.features;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.mlcycle.common.config.ConfigReader;
import io.mlcycle.common.config.PrepareSettings.SplitMethod;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.TaskType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Which split made a feature table version and how many rows each split holds, per class for a binary or multiclass
 * task. The features job stores it in the version's Delta commit ({@code userMetadata}, as {@code "split"} next to the
 * lineage) and prints it.
 *
 * @param method {@link SplitMethod#TIME} or {@link SplitMethod#RANDOM}
 * @param trainRowsByClass train rows per label value (as text, sorted); empty for regression
 * @param testRowsByClass test rows per label value (as text, sorted); empty for regression
 */
public record SplitSummary(SplitMethod method, long trainRows, long testRows, Map<String, Long> trainRowsByClass,
        Map<String, Long> testRowsByClass) {
    public SplitSummary {
        requireNonNull(method, "method is null");
        trainRowsByClass = Collections.unmodifiableMap(new TreeMap<>(trainRowsByClass));
        testRowsByClass = Collections.unmodifiableMap(new TreeMap<>(testRowsByClass));
    }

    /** Counts the rows of {@code split} (which has {@link FeatureSplits#SPLIT_COLUMN}) per split, and per class unless regression. */
    public static SplitSummary count(Dataset<Row> split, DatasetSpec spec, SplitMethod method) {
        boolean perClass = spec.task() != TaskType.REGRESSION;
        Dataset<Row> counts = perClass
                ? split.groupBy(col(FeatureSplits.SPLIT_COLUMN), col(spec.labelColumn()).cast(DataTypes.StringType)).count()
                : split.groupBy(col(FeatureSplits.SPLIT_COLUMN)).count();
        Map<String, Long> train = new TreeMap<>();
        Map<String, Long> test = new TreeMap<>();
        long[] totals = new long[2];
        for (Row row : counts.collectAsList()) {
            boolean isTest = FeatureSplits.TEST.equals(row.getString(0));
            long rows = row.getLong(row.length() - 1);
            totals[isTest ? 1 : 0] += rows;
            if (perClass) {
                (isTest ? test : train).merge(String.valueOf(row.get(1)), rows, Long::sum);
            }
        }
        return new SplitSummary(method, totals[0], totals[1], train, test);
    }

    /** The summary as a JSON-ready map: method, train_rows, test_rows, and the per-class counts for classification. */
    public Map<String, Object> toMap() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("method", ConfigReader.kebab(method));
        value.put("train_rows", trainRows);
        value.put("test_rows", testRows);
        if (!trainRowsByClass.isEmpty() || !testRowsByClass.isEmpty()) {
            value.put("train_rows_by_class", trainRowsByClass);
            value.put("test_rows_by_class", testRowsByClass);
        }
        return value;
    }

    /** E.g. "random split: 800 train rows (0: 744, 1: 56), 200 test rows (0: 186, 1: 14)". */
    public String describe() {
        return ConfigReader.kebab(method) + " split: " + trainRows + " train rows" + byClass(trainRowsByClass) + ", " + testRows
                + " test rows" + byClass(testRowsByClass);
    }

    private static String byClass(Map<String, Long> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        return rows.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    }
}
