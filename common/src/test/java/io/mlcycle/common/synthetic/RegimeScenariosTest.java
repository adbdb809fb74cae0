package io.mlcycle.common.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Each drift scenario changes what it says it changes, and nothing else it promises to keep. */
class RegimeScenariosTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROWS = 30_000;

    @Test
    void priorDriftRaisesTheDefaultRateAsTheOddsFactorPredictsAndKeepsEachClassFeatures() {
        List<LoanApplication> clean = generate(Regime.CLEAN);
        List<LoanApplication> prior = generate(Regime.PRIOR_DRIFT);

        double r = rate(clean, a -> a.defaulted() == 1);
        // keeping every default and a non-default with probability 1/2.5 gives r' = 2.5 r / (2.5 r + 1 - r)
        double expected = 2.5 * r / (2.5 * r + 1 - r);
        assertThat(rate(prior, a -> a.defaulted() == 1)).isBetween(expected - 0.02, expected + 0.02);
        assertThat(mean(prior, 1) / mean(clean, 1)).as("amount of defaults").isBetween(0.95, 1.05);
        assertThat(mean(prior, 0) / mean(clean, 0)).as("amount of non-defaults").isBetween(0.95, 1.05);
    }

    @Test
    void priorDriftKeepsIdsAndEventTimesContiguous() {
        List<LoanApplication> prior = generate(Regime.PRIOR_DRIFT).subList(0, 3);

        assertThat(prior).extracting(LoanApplication::applicationId).containsExactly("s-00000000", "s-00000001", "s-00000002");
        assertThat(prior).extracting(LoanApplication::eventTime).containsExactly(START, START.plusSeconds(10), START.plusSeconds(20));
    }

    @Test
    void conceptDriftKeepsTheFeaturesButChangesWhoDefaults() {
        List<LoanApplication> clean = generate(Regime.CLEAN);
        List<LoanApplication> concept = generate(Regime.CONCEPT_DRIFT);

        assertThat(meanAmount(concept) / meanAmount(clean)).isBetween(0.97, 1.03);
        assertThat(rate(concept, a -> a.channel().equals("mobile"))).isBetween(0.23, 0.27);
        // the mobile channel's logit term goes from 0 to +1.6: its default rate rises far more than noise
        double cleanMobile = rate(only(clean, "mobile"), a -> a.defaulted() == 1);
        double conceptMobile = rate(only(concept, "mobile"), a -> a.defaulted() == 1);
        assertThat(conceptMobile - cleanMobile).isGreaterThan(0.15);
    }

    @Test
    void covariateDriftShiftsTheFeaturesOnly() {
        List<LoanApplication> clean = generate(Regime.CLEAN);
        List<LoanApplication> covariate = generate(Regime.COVARIATE_DRIFT);

        assertThat(meanAmount(covariate) / meanAmount(clean)).isBetween(1.6, 2.0);
        assertThat(rate(covariate, a -> a.channel().equals("partner"))).isBetween(0.37, 0.43);
    }

    private static List<LoanApplication> only(List<LoanApplication> rows, String channel) {
        return rows.stream().filter(a -> a.channel().equals(channel)).toList();
    }

    private static double rate(List<LoanApplication> rows, Predicate<LoanApplication> condition) {
        return rows.stream().filter(condition).count() / (double) rows.size();
    }

    private static double meanAmount(List<LoanApplication> rows) {
        return rows.stream().mapToDouble(LoanApplication::amount).average().orElseThrow();
    }

    private static double mean(List<LoanApplication> rows, int label) {
        return rows.stream().filter(a -> a.defaulted() == label).mapToDouble(LoanApplication::amount).average().orElseThrow();
    }

    private static List<LoanApplication> generate(Regime regime) {
        LoanApplicationGenerator generator = new LoanApplicationGenerator(3, "s", 500, START, Duration.ofSeconds(10), 0.0);
        List<LoanApplication> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(generator.next(regime));
        }
        return rows;
    }
}
