package io.mlcycle.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    private static final String SCRIPT = "<script>alert('x')</script>";
    private static final String ESCAPED_SCRIPT = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;";
    private static final Pattern IMAGE = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final EvaluationCharts CHARTS = EvaluationCharts.standard();

    @Test
    void escapesEveryTextValue() {
        String html = EvaluationReport.builder("Model " + SCRIPT)
                .info("Run " + SCRIPT, "id " + SCRIPT)
                .metric("AUC " + SCRIPT, 0.9)
                .gate(GateCheck.atLeast("Gate " + SCRIPT, 0.9, 0.8))
                .table(new ReportTable("Slices " + SCRIPT, List.of("Slice " + SCRIPT), List.of(List.of("cell " + SCRIPT))))
                .chart("Chart \"" + SCRIPT, CHARTS.roc(List.of(new double[] {0, 0}, new double[] {1, 1})))
                .build()
                .html();

        assertThat(html).doesNotContain("<script").doesNotContain("alert('x')");
        for (String text : List.of("Model ", "Run ", "id ", "AUC ", "Gate ", "Slices ", "Slice ", "cell ")) {
            assertThat(html).contains(text + ESCAPED_SCRIPT);
        }
        assertThat(html).contains("alt=\"Chart &quot;" + ESCAPED_SCRIPT + "\"");
    }

    @Test
    void showsRunInformationInTheOrderGiven() {
        String html = EvaluationReport.builder("Evaluation")
                .info("Model", "loan-default").info("Version", "7").info("Run id", "3f2a").info("Data version: features", "12")
                .build().html();

        assertThat(html).containsSubsequence("<th>Model</th><td>loan-default</td>", "<th>Version</th><td>7</td>",
                "<th>Run id</th><td>3f2a</td>", "<th>Data version: features</th><td>12</td>");
    }

    @Test
    void showsMetricsWithTheirConfidenceIntervals() {
        String html = EvaluationReport.builder("Evaluation")
                .metric("AUC", 0.91234, 0.89, 0.93, 0.95)
                .metric("F1", 0.6)
                .metric("Rows", 4000)
                .build().html();

        assertThat(html)
                .contains("<tr><th>Metric</th><th>Value</th><th>Confidence interval</th></tr>")
                .contains("<tr><td>AUC</td><td class=\"number\">0.9123</td><td class=\"number\">[0.8900, 0.9300] (95%)</td></tr>")
                .contains("<tr><td>F1</td><td class=\"number\">0.6000</td><td></td></tr>")
                .contains("<tr><td>Rows</td><td class=\"number\">4000</td><td></td></tr>");
    }

    @Test
    void leavesOutTheIntervalColumnWhenNoMetricHasOne() {
        String html = EvaluationReport.builder("Evaluation").metric("AUC", 0.5).build().html();

        assertThat(html).contains("<tr><th>Metric</th><th>Value</th></tr>").doesNotContain("Confidence interval");
    }

    @Test
    void showsSlicedAndFairnessTables() {
        String html = EvaluationReport.builder("Evaluation")
                .table(new ReportTable("Metrics by region", List.of("Region", "Rows", "AUC"),
                        List.of(List.of("north", "2000", "0.90"), List.of("south", "1500", "0.85"))))
                .table(new ReportTable("Fairness by age group", List.of("Group", "Selection rate", "Ratio to reference"),
                        List.of(List.of("under 30", "0.12", "0.80"))))
                .build().html();

        assertThat(html).containsSubsequence("<h2>Metrics by region</h2>",
                "<tr><th>Region</th><th>Rows</th><th>AUC</th></tr>",
                "<tr><td>north</td><td>2000</td><td>0.90</td></tr>",
                "<tr><td>south</td><td>1500</td><td>0.85</td></tr>",
                "<h2>Fairness by age group</h2>",
                "<tr><th>Group</th><th>Selection rate</th><th>Ratio to reference</th></tr>",
                "<tr><td>under 30</td><td>0.12</td><td>0.80</td></tr>");
    }

    @Test
    void colorsGateChecksByOutcome() {
        String html = EvaluationReport.builder("Evaluation")
                .gate(GateCheck.atLeast("AUC", 0.91, 0.75))
                .gate(GateCheck.atMost("Calibration error", 0.08, 0.05))
                .build().html();

        assertThat(html)
                .contains("<p class=\"summary failed\">1 of 2 gate checks failed</p>")
                .contains("<tr><td>AUC</td><td class=\"number\">0.9100</td><td class=\"number\">0.7500</td><td class=\"passed\">pass</td></tr>")
                .contains("<tr><td>Calibration error</td><td class=\"number\">0.0800</td><td class=\"number\">0.0500</td><td class=\"failed\">FAIL</td></tr>")
                .containsPattern("\\.passed\\{background:#[0-9a-f]{6};color:#[0-9a-f]{6}")
                .containsPattern("\\.failed\\{background:#[0-9a-f]{6};color:#[0-9a-f]{6}");
    }

    @Test
    void gateFactoriesCompareWithTheThreshold() {
        assertThat(GateCheck.atLeast("AUC", 0.75, 0.75).passed()).isTrue();
        assertThat(GateCheck.atLeast("AUC", Double.NaN, 0.75).passed()).isFalse();
        assertThat(GateCheck.atMost("error", 0.2, 0.1).outcome()).isEqualTo(GateCheck.Outcome.FAILED);
    }

    @Test
    void embedsEveryChartAsAReadablePng() throws IOException {
        Chart roc = CHARTS.roc(List.of(new double[] {0, 0}, new double[] {0.1, 0.7}, new double[] {1, 1}));
        Chart matrix = CHARTS.confusionMatrix(List.of("no", "yes"), new long[][] {{9, 1}, {2, 8}});
        Chart importance = CHARTS.featureImportance(List.of(new FeatureImportance("income", 0.3)));

        String html = EvaluationReport.builder("Evaluation")
                .chart("ROC curve", roc).chart("Confusion matrix", matrix).chart("Feature importance", importance.png())
                .build().html();

        Matcher images = IMAGE.matcher(html);
        int count = 0;
        while (images.find()) {
            byte[] png = Base64.getDecoder().decode(images.group(1));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(800);
            assertThat(png).isEqualTo(List.of(roc, matrix, importance).get(count).png());
            count++;
        }
        assertThat(count).isEqualTo(3);
        assertThat(html).containsSubsequence("<figcaption>ROC curve</figcaption>", "<figcaption>Confusion matrix</figcaption>",
                "<figcaption>Feature importance</figcaption>");
    }

    @Test
    void isOneSelfContainedPage() {
        String html = EvaluationReport.builder("Evaluation").chart("ROC", CHARTS.roc(List.of(new double[] {0, 0}, new double[] {1, 1})))
                .build().html();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">").contains("<style>").endsWith("</html>\n");
        assertThat(html).doesNotContainPattern("(src|href)=\"(?!data:)");
    }

    @Test
    void givesTheSameHtmlForTheSameContent() {
        assertThat(fullReport().html()).isEqualTo(fullReport().html());
    }

    @Test
    void writesTheHtmlToAFile(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("evaluation.html");
        EvaluationReport report = fullReport();

        report.writeTo(file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(report.html());
    }

    @Test
    void rejectsBytesThatAreNoPng() {
        assertThatThrownBy(() -> EvaluationReport.builder("Evaluation").chart("ROC", "<svg/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot embed chart ROC: its bytes are not a PNG image (no PNG signature)");
    }

    @Test
    void rejectsRunInformationGivenTwice() {
        assertThatThrownBy(() -> EvaluationReport.builder("Evaluation").info("Run id", "a").info("Run id", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add run information Run id twice: it is already a");
    }

    @Test
    void rejectsATableRowOfTheWrongWidth() {
        assertThatThrownBy(() -> new ReportTable("Slices", List.of("Slice", "AUC"), List.of(List.of("north"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot make table Slices: row 0 has 1 cells for 2 columns");
    }

    @Test
    void rejectsAnInvertedConfidenceInterval() {
        assertThatThrownBy(() -> EvaluationReport.builder("Evaluation").metric("AUC", 0.9, 0.95, 0.85, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use confidence interval [0.95, 0.85]: need lower <= upper");
    }

    private static EvaluationReport fullReport() {
        return EvaluationReport.builder("Evaluation").info("Model", "m").metric("AUC", 0.9, 0.8, 0.95, 0.95)
                .gate(GateCheck.atLeast("AUC", 0.9, 0.8))
                .table(new ReportTable("Slices", List.of("Slice"), List.of(List.of("a"))))
                .chart("ROC", CHARTS.roc(List.of(new double[] {0, 0}, new double[] {1, 1})))
                .build();
    }
}
