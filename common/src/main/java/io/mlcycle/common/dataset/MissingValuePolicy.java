package io.mlcycle.common.dataset;

import static java.util.Objects.requireNonNull;

import io.mlcycle.common.config.ConfigReader;

/**
 * What happens to a missing value of one column. {@link Strategy#DROP} rejects the row in the bronze-to-silver step
 * (it goes to quarantine with the reason); the others are fitted on the training split only and ship inside the
 * model's pipeline, so serving fills a value exactly as training did. {@code indicator} adds a 0/1 column
 * {@code <column>_missing} that the model sees too.
 */
public record MissingValuePolicy(String column, Strategy strategy, String constant, boolean indicator) {
    public enum Strategy {
        /** Numeric: the training mean. */
        MEAN,
        /** Numeric: the training median. */
        MEDIAN,
        /** Numeric or categorical: the most frequent training value. */
        MODE,
        /** The configured {@code constant}. */
        CONSTANT,
        /** Categorical: missing is a category of its own. */
        KEEP,
        /** The row is rejected (quarantined) in the bronze-to-silver step. */
        DROP
    }

    public MissingValuePolicy {
        requireNonNull(column, "column is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(constant, "constant is null");
    }

    public String indicatorColumn() {
        return column + "_missing";
    }

    static MissingValuePolicy read(ConfigReader element) {
        element.rejectUnknownKeys("column", "strategy", "constant", "indicator");
        MissingValuePolicy policy = new MissingValuePolicy(element.nonBlankString("column"), element.choice("strategy", Strategy.class),
                element.stringOr("constant", ""), element.booleanOr("indicator", false));
        element.check(policy.strategy != Strategy.CONSTANT || element.has("constant"), "constant", "(missing)",
                "a value to fill in, because strategy = constant");
        return policy;
    }
}
