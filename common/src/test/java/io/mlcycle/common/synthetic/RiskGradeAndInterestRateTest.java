package io.mlcycle.common.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The multiclass target (risk grade) and the regression target (interest rate) in each regime. Expected values come from
 * the documented rule (README "Built-in data": shares, the 0.3 downgrade, the 1.5-point rise, the rate's -1.6 points per
 * 70 credit-score points) and from statistics computed here on the clean rows, never from the generator's own code.
 */
class RiskGradeAndInterestRateTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROWS = 30_000;

    @Test
    void cleanGradesSplitAboutFortyFiveThirtyFiveTwentyAndWorsenWithTheCreditScore() {
        List<LoanApplication> clean = generate(Regime.CLEAN);

        assertThat(share(clean, grade("A"))).isBetween(0.41, 0.49);
        assertThat(share(clean, grade("B"))).isBetween(0.31, 0.39);
        assertThat(share(clean, grade("C"))).isBetween(0.17, 0.25);
        assertThat(clean).extracting(LoanApplication::riskGrade).containsOnly("A", "B", "C");
        double a = meanCreditScore(only(clean, grade("A")));
        double b = meanCreditScore(only(clean, grade("B")));
        double c = meanCreditScore(only(clean, grade("C")));
        assertThat(a - b).as("A above B").isGreaterThan(30);
        assertThat(b - c).as("B above C").isGreaterThan(30);
    }

    @Test
    void cleanRatesCentreOnNineAndAHalfPercentAndFallWithTheCreditScore() {
        List<LoanApplication> clean = generate(Regime.CLEAN);

        assertThat(meanRate(clean)).isBetween(9.0, 10.5);
        assertThat(clean).allSatisfy(application -> assertThat(application.interestRate()).isBetween(1.0, 35.0));
        // the credit score is drawn independently of the other inputs, so the simple slope is its own coefficient
        assertThat(rateSlopePer70CreditPoints(clean)).isBetween(-1.8, -1.4);
    }

    @Test
    void priorDriftDowngradesThreeInTenWhateverTheFeatures() {
        // The binary prior shift keeps each defaulted class's features as they are, so among non-defaults the inputs are
        // distributed as in the clean regime and the grade shares move by the downgrade alone.
        List<LoanApplication> clean = only(generate(Regime.CLEAN), a -> a.defaulted() == 0);
        List<LoanApplication> prior = only(generate(Regime.PRIOR_DRIFT), a -> a.defaulted() == 0);

        double a = share(clean, grade("A"));
        double b = share(clean, grade("B"));
        double c = share(clean, grade("C"));
        assertThat(share(prior, grade("A"))).isCloseTo(0.7 * a, within(0.015));
        assertThat(share(prior, grade("B"))).isCloseTo(0.7 * b + 0.3 * a, within(0.015));
        assertThat(share(prior, grade("C"))).isCloseTo(c + 0.3 * b, within(0.015));
    }

    @Test
    void priorDriftRaisesEveryRateByOneAndAHalfPoints() {
        List<LoanApplication> clean = generate(Regime.CLEAN);
        List<LoanApplication> prior = generate(Regime.PRIOR_DRIFT);

        for (int label = 0; label <= 1; label++) {
            int defaulted = label;
            double rise = meanRate(only(prior, a -> a.defaulted() == defaulted)) - meanRate(only(clean, a -> a.defaulted() == defaulted));
            assertThat(rise).as("rise among applications with defaulted = %d", defaulted).isCloseTo(1.5, within(0.1));
        }
        assertThat(rateSlopePer70CreditPoints(prior)).as("the price of the credit score stays").isBetween(-1.8, -1.4);
    }

    @Test
    void conceptDriftKeepsTheInputsButChangesHowTheyGradeAndPrice() {
        List<LoanApplication> clean = generate(Regime.CLEAN);
        List<LoanApplication> concept = generate(Regime.CONCEPT_DRIFT);

        assertThat(meanCreditScore(concept) - meanCreditScore(clean)).isBetween(-3.0, 3.0);
        double cleanGap = meanCreditScore(only(clean, grade("A"))) - meanCreditScore(only(clean, grade("C")));
        double conceptGap = meanCreditScore(only(concept, grade("A"))) - meanCreditScore(only(concept, grade("C")));
        assertThat(conceptGap).as("credit-score gap between A and C, clean %.1f", cleanGap).isLessThan(cleanGap / 2);
        double cleanMobileC = share(only(clean, channel("mobile")), grade("C"));
        double conceptMobileC = share(only(concept, channel("mobile")), grade("C"));
        assertThat(conceptMobileC - cleanMobileC).as("mobile applicants graded C").isGreaterThan(0.15);

        assertThat(rateSlopePer70CreditPoints(concept)).isBetween(-0.7, -0.3);
        double cleanMobilePremium = meanRate(only(clean, channel("mobile"))) - meanRate(only(clean, channel("web")));
        double conceptMobilePremium = meanRate(only(concept, channel("mobile"))) - meanRate(only(concept, channel("web")));
        assertThat(cleanMobilePremium).isBetween(-0.5, 0.1);
        assertThat(conceptMobilePremium).isBetween(1.5, 2.1);
    }

    @Test
    void covariateDriftMovesTheTargetsThroughTheInputsOnly() {
        List<LoanApplication> clean = generate(Regime.CLEAN);
        List<LoanApplication> covariate = generate(Regime.COVARIATE_DRIFT);

        // riskier applicants (larger loans, lower scores, more open loans) get worse grades and higher rates ...
        assertThat(share(covariate, grade("C"))).isGreaterThan(share(clean, grade("C")) + 0.2);
        assertThat(meanRate(covariate) - meanRate(clean)).isGreaterThan(1.5);
        // ... priced by the same rule: the credit score's price and the channels' premiums are the clean ones
        assertThat(rateSlopePer70CreditPoints(covariate)).isBetween(-1.8, -1.4);
        double cleanMobilePremium = meanRate(only(clean, channel("mobile"))) - meanRate(only(clean, channel("web")));
        double covariateMobilePremium = meanRate(only(covariate, channel("mobile"))) - meanRate(only(covariate, channel("web")));
        assertThat(covariateMobilePremium).isCloseTo(cleanMobilePremium, within(0.15));
    }

    @Test
    void theTargetsAreInTheLabeledRowButNotInTheEvent() {
        LoanApplication application = generate(Regime.CLEAN).get(0);

        assertThat(application.labeledEvent()).containsEntry("risk_grade", application.riskGrade())
                .containsEntry("interest_rate", application.interestRate()).containsEntry("defaulted", application.defaulted());
        assertThat(application.event()).doesNotContainKeys("risk_grade", "interest_rate", "defaulted");
    }

    /** Least-squares slope of the rate on the credit score, times 70 (one standard deviation of the score). */
    private static double rateSlopePer70CreditPoints(List<LoanApplication> rows) {
        double meanX = meanCreditScore(rows);
        double meanY = meanRate(rows);
        double covariance = 0;
        double variance = 0;
        for (LoanApplication row : rows) {
            covariance += (row.creditScore() - meanX) * (row.interestRate() - meanY);
            variance += (row.creditScore() - meanX) * (row.creditScore() - meanX);
        }
        return covariance / variance * 70;
    }

    private static Predicate<LoanApplication> grade(String grade) {
        return application -> application.riskGrade().equals(grade);
    }

    private static Predicate<LoanApplication> channel(String channel) {
        return application -> application.channel().equals(channel);
    }

    private static List<LoanApplication> only(List<LoanApplication> rows, Predicate<LoanApplication> condition) {
        return rows.stream().filter(condition).toList();
    }

    private static double share(List<LoanApplication> rows, Predicate<LoanApplication> condition) {
        return rows.stream().filter(condition).count() / (double) rows.size();
    }

    private static double meanRate(List<LoanApplication> rows) {
        return rows.stream().mapToDouble(LoanApplication::interestRate).average().orElseThrow();
    }

    private static double meanCreditScore(List<LoanApplication> rows) {
        return rows.stream().mapToDouble(LoanApplication::creditScore).average().orElseThrow();
    }

    private static List<LoanApplication> generate(Regime regime) {
        LoanApplicationGenerator generator = new LoanApplicationGenerator(3, "t", 500, START, Duration.ofSeconds(10), 0.0);
        List<LoanApplication> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(generator.next(regime));
        }
        return rows;
    }
}
