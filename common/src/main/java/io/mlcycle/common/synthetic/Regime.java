package io.mlcycle.common.synthetic;

/**
 * The state of the synthetic world. {@link #DRIFTED} combines a covariate shift (larger amounts, lower
 * incomes and credit scores, more partner-channel applications) with a concept change (the link between
 * the features and defaulting changes), so a model trained on the clean period loses accuracy on it.
 */
public enum Regime { CLEAN, DRIFTED }
