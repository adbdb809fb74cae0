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
