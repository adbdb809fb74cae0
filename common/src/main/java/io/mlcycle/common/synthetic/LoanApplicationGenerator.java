package io.mlcycle.common.synthetic;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A seeded generator of loan applications: the built-in demo domain. The same seed, start and regime
 * give the same sequence on every machine, so tests and demos are reproducible.
 *
 * <p>The binary label (defaulted) follows a logistic model of the features; a {@link Regime} can shift the feature
 * distributions, the class balance and the model's coefficients independently. The multiclass target (risk grade A, B
 * or C) cuts a noisy linear risk score of the same features at two thresholds, and the regression target (interest
 * rate) is a noisy linear price of them; each regime shifts them with the same meaning (see {@link Regime}). The two are
 * drawn from a stream of their own, split from the seed, so the features and the binary label are the same values for
 * the same seed as before they existed.
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
    /** Risk grades from the safest to the riskiest. */
    static final String[] RISK_GRADES = {"A", "B", "C"};
    /** Risk scores below this are grade A (about 45 % of clean applications). */
    private static final double GRADE_B_FROM = -0.2;
    /** Risk scores from this on are grade C (about 20 % of clean applications). */
    private static final double GRADE_C_FROM = 1.35;
    /** Under a prior shift, the share of applications graded one grade worse than their score says, whatever their features. */
    static final double PRIOR_SHIFT_DOWNGRADE_SHARE = 0.3;
    /** Under a prior shift, how many percentage points every interest rate rises (a market-wide rate rise). */
    static final double PRIOR_SHIFT_RATE_POINTS = 1.5;
    private static final double MIN_RATE = 1.0;
    private static final double MAX_RATE = 35.0;

    private final SplittableRandom random;
    /** The risk grade's and the interest rate's draws: a stream apart, so they leave {@code random}'s sequence as it was. */
    private final SplittableRandom targets;
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
        this.targets = new SplittableRandom(seed).split();
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
        Profile profile = new Profile(amount / income, creditScore, tenure, openLoans, channel, employment);
        return new LoanApplication(id, customer, time, round2(amount), reportedIncome, Math.round(age), Math.round(creditScore),
                tenure, openLoans, channel, region, employment, defaulted, riskGrade(regime, profile), interestRate(regime, profile));
    }

    /** What the risk grade and the interest rate are computed from: the true (not the reported) values. */
    private record Profile(double loanToIncome, double creditScore, double tenure, double openLoans, String channel, String employment) {
        /** The loan-to-income ratio on a log scale, about 0 at its clean median and 1 a standard deviation higher. */
        double burden() {
            return (Math.log(loanToIncome) - Math.log(0.18)) / 0.83;
        }

        double credit() {
            return (creditScore - 680) / 70;
        }
    }

    private String riskGrade(Regime regime, Profile profile) {
        // Every draw happens for every application, so one regime's choices never change which draws the others get.
        double noise = gaussian(targets);
        boolean downgraded = targets.nextDouble() < PRIOR_SHIFT_DOWNGRADE_SHARE;
        double score = riskScore(regime.conceptShift(), profile) + 0.8 * noise;
        int grade = score < GRADE_B_FROM ? 0 : score < GRADE_C_FROM ? 1 : 2;
        if (regime.priorShift() && downgraded) {
            grade = Math.min(grade + 1, RISK_GRADES.length - 1);
        }
        return RISK_GRADES[grade];
    }

    private static double riskScore(boolean drifted, Profile profile) {
        double score = -(drifted ? 0.3 : 1.1) * profile.credit()
                + (drifted ? 0.2 : 0.7) * profile.burden()
                + 0.3 * (profile.openLoans() - 2)
                - 0.15 * (profile.tenure() - 40) / 30;
        score += switch (profile.channel()) {
            case "partner" -> drifted ? -0.6 : 0.3;
            case "mobile" -> drifted ? 1.4 : 0.0;
            default -> 0.0;
        };
        score += switch (profile.employment()) {
            case "unemployed" -> drifted ? -0.4 : 0.9;
            case "self-employed" -> drifted ? 1.0 : 0.2;
            default -> 0.0;
        };
        return score;
    }

    private double interestRate(Regime regime, Profile profile) {
        double noise = gaussian(targets);
        double rate = price(regime.conceptShift(), profile) + noise + (regime.priorShift() ? PRIOR_SHIFT_RATE_POINTS : 0);
        return round2(clamp(rate, MIN_RATE, MAX_RATE));
    }

    /** The rate in percent a year before its noise: 9.5 for a median applicant. */
    private static double price(boolean drifted, Profile profile) {
        double rate = 9.5
                - (drifted ? 0.5 : 1.6) * profile.credit()
                + (drifted ? 0.3 : 0.9) * profile.burden()
                + 0.35 * (profile.openLoans() - 1.8)
                - 0.2 * (profile.tenure() - 40) / 30;
        rate += switch (profile.channel()) {
            case "partner" -> drifted ? -0.5 : 0.8;
            case "mobile" -> drifted ? 2.0 : 0.0;
            case "web" -> 0.2;
            default -> -0.3;
        };
        rate += switch (profile.employment()) {
            case "unemployed" -> drifted ? 0.0 : 1.5;
            case "self-employed" -> drifted ? 1.5 : 0.6;
            case "retired" -> -0.2;
            default -> 0.0;
        };
        return rate;
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
        return gaussian(random);
    }

    private static double gaussian(SplittableRandom stream) {
        // Box-Muller on the seeded stream: java.util.Random's nextGaussian is not on SplittableRandom in Java 17.
        double u1 = 1.0 - stream.nextDouble();
        double u2 = stream.nextDouble();
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
