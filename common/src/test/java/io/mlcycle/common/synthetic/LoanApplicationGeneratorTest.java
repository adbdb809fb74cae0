package io.mlcycle.common.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoanApplicationGeneratorTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sameSeedGivesTheSameApplications() {
        assertThat(generate(11, Regime.CLEAN, 200)).isEqualTo(generate(11, Regime.CLEAN, 200));
        assertThat(generate(11, Regime.CLEAN, 200)).isNotEqualTo(generate(12, Regime.CLEAN, 200));
    }

    @Test
    void advancesEventTimeByTheIntervalAndNumbersIds() {
        List<LoanApplication> rows = generate(1, Regime.CLEAN, 3);

        assertThat(rows).extracting(LoanApplication::eventTime)
                .containsExactly(START, START.plusSeconds(30), START.plusSeconds(60));
        assertThat(rows).extracting(LoanApplication::applicationId)
                .containsExactly("test-00000000", "test-00000001", "test-00000002");
    }

    @Test
    void aGeneratorStartedLaterInTheSeriesContinuesItsIdsAndEventTimes() {
        LoanApplicationGenerator later = new LoanApplicationGenerator(9, "test", 100, START, Duration.ofSeconds(30), 0.05, 1_000);

        LoanApplication first = later.next(Regime.CLEAN);
        LoanApplication second = later.next(Regime.PRIOR_DRIFT);

        assertThat(first.applicationId()).isEqualTo("test-00001000");
        assertThat(first.eventTime()).isEqualTo(START.plusSeconds(30_000));
        assertThat(second.applicationId()).isEqualTo("test-00001001");
        assertThat(second.eventTime()).isEqualTo(START.plusSeconds(30_030));
    }

    @Test
    void cleanRegimeHasAModerateDefaultRateAndTheConfiguredMissingIncomeShare() {
        List<LoanApplication> rows = generate(5, Regime.CLEAN, 20_000);

        double defaultRate = rows.stream().mapToInt(LoanApplication::defaulted).average().orElseThrow();
        double missingIncome = rows.stream().filter(r -> r.income() == null).count() / (double) rows.size();
        assertThat(defaultRate).isBetween(0.12, 0.40);
        assertThat(missingIncome).isBetween(0.04, 0.06);
    }

    @Test
    void driftedRegimeShiftsAmountsAndTheChannelMix() {
        List<LoanApplication> clean = generate(5, Regime.CLEAN, 20_000);
        List<LoanApplication> drifted = generate(5, Regime.DRIFTED, 20_000);

        double amountRatio = meanAmount(drifted) / meanAmount(clean);
        assertThat(amountRatio).isBetween(1.6, 2.0);
        assertThat(partnerShare(clean)).isBetween(0.08, 0.12);
        assertThat(partnerShare(drifted)).isBetween(0.37, 0.43);
    }

    /**
     * The features and the binary label of seed 42 (the demo's) in every regime, as the generator wrote them at commit
     * 97587ed, before the risk grade and the interest rate existed: the first 64 labels, the defaults among the first
     * 5,000 applications, and a hash over each application's event and label (31 * h + (event() + "|" + defaulted)
     * .hashCode(), from 17). The new targets come from a stream of their own and must leave all of this as it was.
     */
    @Test
    void featuresAndTheBinaryLabelAreThoseRecordedBeforeTheOtherTargetsExisted() {
        assertFingerprint(Regime.CLEAN, "1100001010100010010001110100000000000100000000100110101001001100", 1805, -8052009038198189350L);
        assertFingerprint(Regime.COVARIATE_DRIFT, "1111110100101110100100110111110100011101101111111110010011101111", 3484, -2731562176935983871L);
        assertFingerprint(Regime.PRIOR_DRIFT, "1110010100100010100110100001001100111010111111011111100101111111", 2810, 7595255131358367082L);
        assertFingerprint(Regime.CONCEPT_DRIFT, "1101000010100000000011100010001000000100000110101010000001000100", 1721, 9203280779691431120L);
        assertFingerprint(Regime.DRIFTED, "0001000100111110101000010001010100010110101111111010011110000111", 2225, -4836373520655604088L);
    }

    private static void assertFingerprint(Regime regime, String first64, int defaults, long hash) {
        LoanApplicationGenerator generator = new LoanApplicationGenerator(42, "hist", 4000, START, Duration.ofSeconds(30), 0.05);
        StringBuilder labels = new StringBuilder();
        int defaulted = 0;
        long h = 17;
        for (int i = 0; i < 5000; i++) {
            LoanApplication application = generator.next(regime);
            if (i < 64) {
                labels.append(application.defaulted());
            }
            defaulted += application.defaulted();
            h = h * 31 + (application.event().toString() + "|" + application.defaulted()).hashCode();
        }
        assertThat(labels.toString()).as("first 64 labels in %s", regime).isEqualTo(first64);
        assertThat(defaulted).as("defaults in %s", regime).isEqualTo(defaults);
        assertThat(h).as("events and labels in %s", regime).isEqualTo(hash);
    }

    private static double meanAmount(List<LoanApplication> rows) {
        return rows.stream().mapToDouble(LoanApplication::amount).average().orElseThrow();
    }

    private static double partnerShare(List<LoanApplication> rows) {
        return rows.stream().filter(r -> r.channel().equals("partner")).count() / (double) rows.size();
    }

    private static List<LoanApplication> generate(long seed, Regime regime, int count) {
        LoanApplicationGenerator generator = new LoanApplicationGenerator(seed, "test", 100, START, Duration.ofSeconds(30), 0.05);
        List<LoanApplication> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(generator.next(regime));
        }
        return rows;
    }
}
