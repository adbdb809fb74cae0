package io.mlcycle.common.synthetic;

/**
 * The state of the synthetic world, as three independent shifts from the clean regime. Each applies to every target
 * (defaulted, risk grade, interest rate) with the same meaning:
 * <ul>
 *   <li>covariate shift: larger amounts, lower incomes and credit scores, more open loans, more partner-channel
 *       applications (P(x) changes, P(y|x) does not): every target follows its clean rule, so grades worsen and rates
 *       rise through the inputs alone;</li>
 *   <li>prior shift: the targets' level moves whatever the features. Defaults become about 2.5 times as likely relative
 *       to non-defaults, with the features of each class unchanged (P(y) changes, P(x|y) does not); three applications
 *       in ten are graded one grade worse than their risk score says (A to B, B to C), so the grade shares move towards
 *       C; every interest rate is 1.5 points higher;</li>
 *   <li>concept shift: the link between the features and each target changes (P(y|x) changes): the credit score and
 *       the loan-to-income ratio count far less, the mobile channel and self-employment far more.</li>
 * </ul>
 * {@link #DRIFTED} is the demo's drift: covariate and concept shift together, so a model trained on the clean
 * period sees both different inputs and a different relationship.
 */
public record Regime(boolean covariateShift, boolean priorShift, boolean conceptShift) implements java.io.Serializable {
    public static final Regime CLEAN = new Regime(false, false, false);
    public static final Regime COVARIATE_DRIFT = new Regime(true, false, false);
    public static final Regime PRIOR_DRIFT = new Regime(false, true, false);
    public static final Regime CONCEPT_DRIFT = new Regime(false, false, true);
    public static final Regime DRIFTED = new Regime(true, false, true);
}
