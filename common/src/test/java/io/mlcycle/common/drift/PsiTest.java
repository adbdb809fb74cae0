package io.mlcycle.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PsiTest {
    @Test
    void psiOfTwoBinsIsTheSumOfBothTerms() {
        // (0.25 - 0.5) * ln(0.25 / 0.5) + (0.75 - 0.5) * ln(0.75 / 0.5)
        //   = 0.25 * ln 2 + 0.25 * ln 1.5 = 0.25 * ln 3 = 0.25 * 1.0986123 = 0.2746531
        double psi = Psi.ofProportions(new double[] {0.5, 0.5}, new double[] {0.25, 0.75});

        assertThat(psi).isCloseTo(0.2746531, within(1e-7));
    }

    @Test
    void psiOfThreeBins() {
        // (0.1 - 0.2) * ln(0.1 / 0.2) = -0.1 * -0.6931472 = 0.0693147
        // (0.4 - 0.3) * ln(0.4 / 0.3) =  0.1 *  0.2876821 = 0.0287682
        // (0.5 - 0.5) * ln(1)         = 0
        double psi = Psi.ofProportions(new double[] {0.2, 0.3, 0.5}, new double[] {0.1, 0.4, 0.5});

        assertThat(psi).isCloseTo(0.0980829, within(1e-7));
    }

    @Test
    void identicalDistributionsHavePsiZero() {
        assertThat(Psi.ofProportions(new double[] {0.1, 0.2, 0.7}, new double[] {0.1, 0.2, 0.7})).isEqualTo(0.0);
    }

    @Test
    void emptyBinCountsAsEpsilon() {
        // bin 1: (0.5 - 0.5) * ln 1 = 0
        // bin 2: (0.25 - 0.5) * ln(0.25 / 0.5) = 0.25 * ln 2 = 0.1732868
        // bin 3: expected 0 becomes 0.0001: (0.25 - 0.0001) * ln(0.25 / 0.0001) = 0.2499 * ln 2500 = 0.2499 * 7.8240460 = 1.9552291
        double psi = Psi.ofProportions(new double[] {0.5, 0.5, 0.0}, new double[] {0.5, 0.25, 0.25});

        assertThat(psi).isCloseTo(2.1285159, within(1e-7));
    }

    @Test
    void binEmptyOnBothSidesContributesNothing() {
        assertThat(Psi.ofProportions(new double[] {0.5, 0.5, 0.0}, new double[] {0.5, 0.5, 0.0})).isEqualTo(0.0);
    }

    @Test
    void countsAreTurnedIntoProportionsOfTheirOwnTotal() {
        // expected 50/100, 50/100; actual 25/100, 75/100: the two-bin case above, 0.25 * ln 3
        double psi = Psi.ofCounts(new long[] {50, 50}, new long[] {25, 75});

        assertThat(psi).isCloseTo(0.2746531, within(1e-7));
        // totals may differ: 1/4 and 3/4 again
        assertThat(Psi.ofCounts(new long[] {7, 7}, new long[] {1, 3})).isCloseTo(0.2746531, within(1e-7));
    }

    @Test
    void rejectsDifferentNumbersOfBins() {
        assertThatThrownBy(() -> Psi.ofCounts(new long[] {1, 2}, new long[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot compute PSI over 2 expected and 3 actual bins: both distributions must have the same, non-zero number of bins.");
    }

    @Test
    void rejectsAllZeroCounts() {
        assertThatThrownBy(() -> Psi.ofCounts(new long[] {1, 2}, new long[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot compute PSI from actual counts that are all zero: [0, 0]. A distribution needs at least one row.");
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> Psi.ofCounts(new long[] {1, -2}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot compute PSI from negative expected count: -2. Bin counts are numbers of rows and must be 0 or more.");
    }
}
