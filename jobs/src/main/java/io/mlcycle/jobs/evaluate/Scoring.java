package io.mlcycle.jobs.evaluate;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.atan;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.mlcycle.common.config.EvaluationSettings;
import io.mlcycle.common.dataset.TaskType;
import io.mlcycle.common.features.FeatureFrames;
import io.mlcycle.jobs.evaluate.fairness.ScoredRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores rows with the model and keeps only what the evaluation reads: the id, the label, the segment and sensitive
 * columns, and the model's output columns ({@code probability} for a probabilistic classifier, {@code rawPrediction}
 * for a margin model, {@code prediction} for multiclass and regression), so that the cached scored rows stay small.
 *
 * <p>The slice, fairness and robustness pieces read {@code probability[1]} and need a threshold in [0, 1]. For a
 * margin model this class adds a {@code probability} column holding {@code 0.5 + atan(margin) / pi}, a strictly
 * increasing squash of the margin into (0, 1): "margin above t" and "squashed margin above the squashed t" agree, and
 * ranks (AUC) are kept, up to rounding: two margins m apart by less than about 3.5e-16 m² (3.5e-10 at m = 1000) may tie.
 * It is no probability and no metric treats it as one; the headline metrics read the margin itself.
 */
final class Scoring {
    static final String RAW_PREDICTION = "rawPrediction";
    static final String PREDICTION = "prediction";
    private static final List<String> OUTPUT_COLUMNS = List.of(ScoredRows.PROBABILITY_COLUMN, RAW_PREDICTION, PREDICTION);

    private final PipelineModel model;
    private final TaskType task;
    private final Optional<BinaryDecision> decision;
    private final List<String> kept;

    private Scoring(PipelineModel model, TaskType task, Optional<BinaryDecision> decision, List<String> kept) {
        this.model = model;
        this.task = task;
        this.decision = decision;
        this.kept = kept;
    }

    /** The scoring of {@code input}; checks first that its test rows are unscored and have the columns the evaluation reads. */
    static Scoring of(EvaluationInput input) {
        Dataset<Row> rows = input.testRows();
        FeatureFrames.requireColumns(rows, FeatureFrames.LABEL_COLUMN, input.dataset().idColumn());
        List<String> clashing = OUTPUT_COLUMNS.stream().filter(Arrays.asList(rows.columns())::contains).toList();
        if (!clashing.isEmpty()) {
            throw new IllegalArgumentException("Cannot evaluate a model on rows that already have its output columns " + clashing
                    + ": pass the test rows as they were before model.transform.");
        }
        Set<String> kept = new LinkedHashSet<>();
        kept.add(input.dataset().idColumn());
        kept.add(FeatureFrames.LABEL_COLUMN);
        if (input.task() == TaskType.BINARY) {
            input.settings().segments().stream().map(EvaluationSettings.Segment::column).forEach(kept::add);
            kept.addAll(input.dataset().sensitiveAttributes());
        }
        return new Scoring(input.model(), input.task(), input.decision(), List.copyOf(kept));
    }

    /** The model's output on {@code rows}, narrowed to what the evaluation reads. */
    Dataset<Row> score(Dataset<Row> rows) {
        Dataset<Row> scored = model.transform(rows);
        requireColumns(scored);
        List<Column> columns = new ArrayList<>(kept.stream().map(name -> col(name)).toList());
        switch (task) {
            case BINARY -> {
                if (decision.orElseThrow().probabilistic()) {
                    columns.add(col(ScoredRows.PROBABILITY_COLUMN));
                } else {
                    columns.add(col(RAW_PREDICTION));
                    Column squashed = lit(0.5).plus(atan(vector_to_array(col(RAW_PREDICTION), "float64").getItem(1)).divide(Math.PI));
                    columns.add(array_to_vector(array(lit(1.0).minus(squashed), squashed)).as(ScoredRows.PROBABILITY_COLUMN));
                }
            }
            case MULTICLASS -> {
                columns.add(col(PREDICTION));
                columns.add(col(ScoredRows.PROBABILITY_COLUMN));
            }
            case REGRESSION -> columns.add(col(PREDICTION));
        }
        return scored.select(columns.toArray(Column[]::new));
    }

    /** The columns the metric classes read from {@link #score}'s output. */
    ScoredColumns columns() {
        boolean margin = task == TaskType.BINARY && !decision.orElseThrow().probabilistic();
        return new ScoredColumns(FeatureFrames.LABEL_COLUMN, PREDICTION, margin ? RAW_PREDICTION : ScoredRows.PROBABILITY_COLUMN);
    }

    /** The decision threshold on the {@code probability} column the slice, fairness and robustness pieces read (above it: positive). */
    double pieceThreshold() {
        BinaryDecision binary = decision.orElseThrow();
        return binary.probabilistic() ? binary.threshold() : squash(binary.threshold());
    }

    static double squash(double margin) {
        return 0.5 + Math.atan(margin) / Math.PI;
    }

    private void requireColumns(Dataset<Row> scored) {
        List<String> present = Arrays.asList(scored.columns());
        List<String> missing = kept.stream().filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot slice the test metrics by " + missing + ": neither the test rows nor the model's "
                    + "pipeline has such a column. Check mlcycle.evaluation.segments and mlcycle.dataset.sensitive-attributes.");
        }
        List<String> needed = switch (task) {
            case BINARY -> List.of(decision.orElseThrow().probabilistic() ? ScoredRows.PROBABILITY_COLUMN : RAW_PREDICTION);
            case MULTICLASS -> List.of(PREDICTION, ScoredRows.PROBABILITY_COLUMN);
            case REGRESSION -> List.of(PREDICTION);
        };
        for (String column : needed) {
            if (!present.contains(column)) {
                throw new IllegalArgumentException("Cannot evaluate the model: its output has no '" + column + "' column. "
                        + (column.equals(ScoredRows.PROBABILITY_COLUMN) && task == TaskType.BINARY
                                ? "A model without probabilities (linear SVM) is evaluated with BinaryDecision.margin." : "Check the model's task."));
            }
        }
    }
}
