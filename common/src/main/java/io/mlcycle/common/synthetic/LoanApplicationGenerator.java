package io.mlcycle.common.synthetic;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A seeded generator of loan applications: the built-in demo domain. The same seed, start and regime
 * give the same sequence on every machine, so tests and demos are reproducible.
 *
 * <p>The label follows a logistic model of the features; a {@link Regime} can shift the feature distributions,
 * the class balance and the model's coefficients independently.
 */
public final class LoanApplicationGenerator {
    private static final String[] CHANNELS = {"web", "branch", "mobile", "partner"};
    private static final double[] CLEAN_CHANNEL_MIX = {0.40, 0.25, 0.25, 0.10};
    private static final double[] DRIFTED_CHANNEL_MIX = {0.20, 0.10, 0.30, 0.40};
    private static final String[] REGIONS = {"north", "south", "east", "west", "central"};
    private static final double[] REGION_MIX = {0.22, 0.18, 0.20, 0.25, 0.15};
    /** Under a prior shift, how many times likelier a default becomes relative to a non-default. */
    static final double PRIOR_SHIFT_ODDS = 2.5;
    private static final String[] EMPLOYMENT = {"employed", "self-employed", "unemployed", "retired"};
    private static final double[] EMPLOYMENT_MIX = {0.68, 0.15, 0.07, 0.10};

    private final SplittableRandom random;
    private final String idPrefix;
    private final int entities;
    private final double missingIncomeShare;
    private final Duration interval;
    private Instant nextTime;
    private long sequence;

    /**
     * @param seed the seed; one generator per seed and id prefix gives one reproducible stream
     * @param idPrefix prefix of application ids, so that separate streams (history, live) never share an id
     */
    public LoanApplicationGenerator(long seed, String idPrefix, int entities, Instant start, Duration interval, double missingIncomeShare) {
        this(seed, idPrefix, entities, start, interval, missingIncomeShare, 0);
    }

    /**
     * A generator whose first application is number {@code firstSequence} of the series that starts at {@code start}:
     * its id ends in {@code firstSequence} and its event time is {@code start + firstSequence * interval}. Generators
     * over disjoint ranges of one series (each with its own seed) can run in parallel without sharing an id.
     */
    public LoanApplicationGenerator(long seed, String idPrefix, int entities, Instant start, Duration interval, double missingIncomeShare,
            long firstSequence) {
        this.random = new SplittableRandom(seed);
        this.idPrefix = requireNonNull(idPrefix, "idPrefix is null");
        this.entities = entities;
        this.interval = requireNonNull(interval, "interval is null");
        this.nextTime = requireNonNull(start, "start is null").plus(interval.multipliedBy(firstSequence));
        this.sequence = firstSequence;
        this.missingIncomeShare = missingIncomeShare;
        if (firstSequence < 0) {
            throw new IllegalArgumentException("Cannot start a series of applications at number " + firstSequence + ": need 0 or more");
        }
        if (entities < 1) {
            throw new IllegalArgumentException("Cannot generate applications for " + entities + " customers: need at least 1");
        }
    }

    /** The next application: ids and event times are consecutive over the applications returned. */
    public LoanApplication next(Regime regime) {
        while (true) {
            LoanApplication candidate = candidate(regime);
            // Prior shift by label-dependent acceptance: every default is kept, a non-default with probability
            // 1/PRIOR_SHIFT_ODDS, so the class balance moves while each class's features stay as they were. A rejected
            // candidate uses up random draws but no id or event time.
            if (!regime.priorShift() || candidate.defaulted() == 1 || random.nextDouble() < 1.0 / PRIOR_SHIFT_ODDS) {
                sequence++;
                nextTime = nextTime.plus(interval);
                return candidate;
            }
        }
    }

    private LoanApplication candidate(Regime regime) {
        boolean shifted = regime.covariateShift();
        String id = idPrefix + "-" + String.format("%08d", sequence);
        String customer = "cust-" + String.format("%06d", random.nextInt(entities));
        Instant time = nextTime;

        double income = Math.exp(10.9 + 0.45 * gaussian()) * (shifted ? 0.85 : 1.0);
        double amount = Math.exp(9.2 + 0.7 * gaussian()) * (shifted ? 1.8 : 1.0);
        double age = clamp(42 + 12 * gaussian(), 18, 90);
        double creditScore = clamp(680 + 70 * gaussian() - (shifted ? 40 : 0), 300, 850);
        double tenure = clamp(Math.round(40 + 30 * gaussian()), 0, 480);
        double openLoans = poisson(shifted ? 2.6 : 1.8);
        String channel = pick(CHANNELS, shifted ? DRIFTED_CHANNEL_MIX : CLEAN_CHANNEL_MIX);
        String region = pick(REGIONS, REGION_MIX);
        String employment = pick(EMPLOYMENT, EMPLOYMENT_MIX);

        double logit = logit(regime.conceptShift(), amount / income, creditScore, tenure, openLoans, age, channel, employment);
        int defaulted = random.nextDouble() < 1.0 / (1.0 + Math.exp(-logit)) ? 1 : 0;
        Double reportedIncome = random.nextDouble() < missingIncomeShare ? null : round2(income);
        return new LoanApplication(id, customer, time, round2(amount), reportedIncome, Math.round(age), Math.round(creditScore),
                tenure, openLoans, channel, region, employment, defaulted);
    }

    private static double logit(boolean drifted, double loanToIncome, double creditScore, double tenure, double openLoans,
            double age, String channel, String employment) {
        double credit = (creditScore - 680) / 70;
        double burden = (loanToIncome - 0.2) / 0.15;
        double logit = -1.3
                + (drifted ? 0.2 : 0.9) * burden
                - (drifted ? 0.2 : 1.2) * credit
                + 0.35 * (openLoans - 2)
                - 0.25 * (tenure - 40) / 30
                - 0.1 * (age - 42) / 12;
        logit += switch (channel) {
            case "partner" -> drifted ? -0.8 : 0.6;
            case "mobile" -> drifted ? 1.6 : 0.0;
            case "web" -> 0.2;
            default -> -0.3;
        };
        logit += switch (employment) {
            case "unemployed" -> drifted ? -0.5 : 1.2;
            case "self-employed" -> drifted ? 1.2 : 0.3;
            case "retired" -> -0.2;
            default -> 0.0;
        };
        return logit;
    }

    private double gaussian() {
        // Box-Muller on the seeded stream: java.util.Random's nextGaussian is not on SplittableRandom in Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private double poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private String pick(String[] values, double[] weights) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < values.length; i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
