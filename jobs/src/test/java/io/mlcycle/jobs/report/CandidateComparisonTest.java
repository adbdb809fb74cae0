package io.mlcycle.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The candidates chart and table, and gate checks that were skipped, in the report. */
class CandidateComparisonTest {
    private static final CandidateComparison THREE = new CandidateComparison("auc-roc", List.of(
            new CandidateScore("random-forest", 1, Map.of("numTrees", "40", "maxDepth", "6"), 0.8),
            new CandidateScore("random-forest", 2, Map.of("numTrees", "80"), 0.4),
            new CandidateScore("gbt", 1, Map.of(), 0.6)), 0);

    @Test
    void drawsOneBarPerCandidateProportionalToItsMetricWithTheWinnerHighlighted() {
        BufferedImage image = EvaluationCharts.standard().candidateComparison(THREE).image();

        List<int[]> winner = ImagePixels.horizontalRuns(image, ChartStyle.ORANGE);
        List<int[]> others = ImagePixels.horizontalRuns(image, ChartStyle.BLUE);

        assertThat(winner).hasSize(1);
        assertThat(others).hasSize(2);
        double full = winner.get(0)[1] - winner.get(0)[0];
        assertThat(others.get(0)[0]).isEqualTo(winner.get(0)[0]);
        assertThat((others.get(0)[1] - others.get(0)[0]) / full).isCloseTo(0.5, within(2 / full));
        assertThat((others.get(1)[1] - others.get(1)[0]) / full).isCloseTo(0.75, within(2 / full));
    }

    @Test
    void listsEveryCandidateWithItsParametersAndTheWinner() {
        ReportTable table = THREE.table();

        assertThat(table.headers()).containsExactly("Candidate", "Validation auc-roc", "Parameters", "");
        assertThat(table.rows()).containsExactly(
                List.of("random-forest #1", "0.8000", "maxDepth=6, numTrees=40", "winner"),
                List.of("random-forest #2", "0.4000", "numTrees=80", ""),
                List.of("gbt #1", "0.6000", "", ""));
    }

    @Test
    void showsTheWinnerEvenBeyondTheCandidatesThatFit() {
        List<CandidateScore> many = new ArrayList<>();
        IntStream.rangeClosed(1, 50).forEach(i -> many.add(new CandidateScore("gbt", i, Map.of(), i / 100.0)));

        BufferedImage image = EvaluationCharts.standard().candidateComparison(new CandidateComparison("f1", many, 49)).image();

        assertThat(ImagePixels.horizontalRuns(image, ChartStyle.ORANGE)).hasSize(1);
        assertThat(ImagePixels.horizontalRuns(image, ChartStyle.BLUE)).hasSize(39);
    }

    @Test
    void rejectsAWinnerOutsideTheList() {
        assertThatThrownBy(() -> new CandidateComparison("f1", THREE.candidates(), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot mark candidate 3 as the winner: there are 3 candidates (indexes 0 to 2)");
    }

    @Test
    void aSkippedGateCheckNeitherPassesNorFailsAndSaysWhy() {
        String html = EvaluationReport.builder("Evaluation")
                .gate(GateCheck.atLeast("min-test-auc-roc", 0.8, 0.6).withDetail("test auc-roc 0.8000 >= 0.6000"))
                .gate(GateCheck.skipped("min-improvement", 0.0, "no champion to compare with"))
                .build().html();

        assertThat(html).contains("<p class=\"summary passed\">No gate check failed: 1 passed, 1 skipped</p>")
                .contains("<th>Result</th><th>Detail</th></tr>")
                .contains("<tr><td>min-improvement</td><td></td><td class=\"number\">0</td><td class=\"skipped\">skipped</td>"
                        + "<td>no champion to compare with</td></tr>");
        assertThat(GateCheck.skipped("x", 0, "why").passed()).isFalse();
        assertThat(GateCheck.skipped("x", 0, "why").failed()).isFalse();
    }
}
