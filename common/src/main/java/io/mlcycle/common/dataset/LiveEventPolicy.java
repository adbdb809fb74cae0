package io.mlcycle.common.dataset;

/**
 * What the streaming scorer does with a live event that violates a quality rule, as written in
 * {@code mlcycle.scorer.rule-policy} and a rule's {@code on-live-event}.
 */
public enum LiveEventPolicy {
    /** The event is not scored: it goes to the dead letter with the rule and the reason. */
    REJECT,
    /** The event is scored, and its prediction row lists the violation in {@code quality_flags}. */
    SCORE_AND_FLAG
}
