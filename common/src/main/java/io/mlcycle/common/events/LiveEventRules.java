package io.mlcycle.common.events;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.mlcycle.common.config.ScorerSettings;
import io.mlcycle.common.dataset.DatasetSpec;
import io.mlcycle.common.dataset.LiveEventPolicy;
import io.mlcycle.common.dataset.QualityRule;
import io.mlcycle.common.quality.QualityColumns;
import io.mlcycle.common.quality.QualityFrames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver's quality rules on live events: the rules of {@code mlcycle.dataset.quality.rules} checked with the silver job's
 * own check ({@link QualityFrames#ruleViolation}) on the typed, corrected event columns of {@link KafkaEvents#parse}
 * (which cleans a live value with the silver job's corrections), so a live event and the same row in bronze violate the
 * same rules with the same reasons.
 *
 * <p>Not checked on live events: unique keys (they compare rows) and rules of the label column (live events carry no
 * label). What a violation does is the rule's policy ({@link ScorerSettings#liveEventPolicy}): {@code reject} makes the
 * event a rejected record with {@code "<rule>: <reason>"} as its reason, {@code score-and-flag} lists
 * {@code "<rule>: <reason>"} in {@link KafkaEvents#QUALITY_FLAGS} and the event is scored.
 */
public final class LiveEventRules {
    private static final Column NO_VIOLATIONS = array().cast(QualityColumns.VIOLATIONS_TYPE);

    private LiveEventRules() {}

    /** The configured rules checked on live events, in the order written. */
    public static List<QualityRule> rules(DatasetSpec spec) {
        return spec.quality().rules().stream()
                .filter(rule -> ScorerSettings.LIVE_RULE_TYPES.contains(rule.type()))
                .filter(rule -> !rule.columns().contains(spec.labelColumn()))
                .toList();
    }

    /**
     * Checks the rules on the valid events of {@code parsed} (as {@link KafkaEvents#parse} gives them) and returns the same
     * columns: a violation of a {@code reject} rule sets {@link KafkaEvents#REJECTION_REASON} (several joined with
     * {@code "; "}), one of a {@code score-and-flag} rule is added to {@link KafkaEvents#QUALITY_FLAGS}. Records that parsing
     * rejected keep their reason and are not checked (their values are missing or invalid).
     */
    public static Dataset<Row> check(Dataset<Row> parsed, DatasetSpec spec, ScorerSettings scorer) {
        List<QualityRule> rules = rules(spec);
        List<String> needed = new ArrayList<>(List.of(KafkaEvents.REJECTION_REASON, KafkaEvents.QUALITY_FLAGS));
        rules.forEach(rule -> needed.addAll(rule.columns()));
        requireColumns(parsed, needed);
        if (rules.isEmpty()) {
            return parsed;
        }
        List<Column> rejected = new ArrayList<>();
        List<Column> flagged = new ArrayList<>();
        for (QualityRule rule : rules) {
            Column violation = QualityFrames.ruleViolation(rule, spec);
            Column text = when(violation.isNotNull(), concat(violation.getField("rule"), lit(": "), violation.getField("reason")));
            (scorer.liveEventPolicy(rule, spec.quality()) == LiveEventPolicy.REJECT ? rejected : flagged).add(text);
        }
        Column valid = col(KafkaEvents.REJECTION_REASON).isNull();
        Column reasons = concat_ws("; ", rejected.toArray(Column[]::new));
        Column reason = rejected.isEmpty() ? col(KafkaEvents.REJECTION_REASON)
                : when(valid.and(length(reasons).gt(0)), reasons).otherwise(col(KafkaEvents.REJECTION_REASON));
        Column flags = flagged.isEmpty() ? col(KafkaEvents.QUALITY_FLAGS)
                : when(valid, array_compact(array(flagged.toArray(Column[]::new)))).otherwise(col(KafkaEvents.QUALITY_FLAGS));
        // the silver checks read the row's cast failures from this column: parsing already rejected every event with one
        Map<String, Column> checked = new LinkedHashMap<>();
        checked.put(KafkaEvents.REJECTION_REASON, reason);
        checked.put(KafkaEvents.QUALITY_FLAGS, flags.cast(KafkaEvents.QUALITY_FLAGS_TYPE));
        return parsed.withColumn(QualityColumns.VIOLATIONS, NO_VIOLATIONS).withColumns(checked).drop(QualityColumns.VIOLATIONS);
    }

    private static void requireColumns(Dataset<Row> rows, List<String> required) {
        Set<String> present = Set.of(rows.columns());
        List<String> missing = required.stream().distinct().filter(name -> !present.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Cannot check quality rules on live events: columns " + missing
                    + " are missing; the rows have " + List.of(rows.columns()) + ". Pass the output of KafkaEvents.parse.");
        }
    }
}
