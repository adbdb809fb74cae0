package io.mlcycle.jobs.report;

import io.mlcycle.jobs.report.EvaluationReport.EmbeddedChart;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the sections of an {@link EvaluationReport}; every text value goes through {@link Html#escape}. */
record HtmlSections(StringBuilder html) {
    void append(List<Map.Entry<String, String>> info, List<ReportMetric> metrics, List<GateCheck> gates, List<ReportTable> tables,
            List<EmbeddedChart> charts) {
        if (!info.isEmpty()) {
            runInfo(info);
        }
        if (!gates.isEmpty()) {
            gates(gates);
        }
        if (!metrics.isEmpty()) {
            metrics(metrics);
        }
        tables.forEach(this::table);
        if (!charts.isEmpty()) {
            charts(charts);
        }
    }

    private void runInfo(List<Map.Entry<String, String>> info) {
        html.append("<h2>Model and run</h2>\n<table class=\"info\">\n");
        for (Map.Entry<String, String> entry : info) {
            html.append("<tr><th>").append(Html.escape(entry.getKey())).append("</th><td>").append(Html.escape(entry.getValue())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void gates(List<GateCheck> gates) {
        long failed = gates.stream().filter(GateCheck::failed).count();
        long skipped = gates.stream().filter(g -> g.outcome() == GateCheck.Outcome.SKIPPED).count();
        boolean anyDetail = gates.stream().anyMatch(g -> !g.detail().isEmpty());
        html.append("<h2>Gate checks</h2>\n<p class=\"summary ").append(failed == 0 ? "passed" : "failed").append("\">")
                .append(summary(gates.size(), failed, skipped))
                .append("</p>\n<table class=\"gates\">\n<tr><th>Check</th><th>Value</th><th>Threshold</th><th>Result</th>")
                .append(anyDetail ? "<th>Detail</th></tr>\n" : "</tr>\n");
        for (GateCheck gate : gates) {
            String result = gate.outcome().name().toLowerCase(Locale.ROOT);
            String shown = switch (gate.outcome()) {
                case PASSED -> "pass";
                case FAILED -> "FAIL";
                case SKIPPED -> "skipped";
            };
            html.append("<tr><td>").append(Html.escape(gate.name())).append("</td>")
                    .append(gate.outcome() == GateCheck.Outcome.SKIPPED && Double.isNaN(gate.value()) ? "<td></td>" : numberCell(gate.value()))
                    .append(Double.isNaN(gate.threshold()) ? "<td></td>" : numberCell(gate.threshold()))
                    .append("<td class=\"").append(result).append("\">").append(shown).append("</td>");
            if (anyDetail) {
                html.append("<td>").append(Html.escape(gate.detail())).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static String summary(int checks, long failed, long skipped) {
        if (failed > 0) {
            return failed + " of " + checks + " gate checks failed";
        }
        return skipped == 0 ? "All " + checks + " gate checks passed"
                : "No gate check failed: " + (checks - skipped) + " passed, " + skipped + " skipped";
    }

    private void metrics(List<ReportMetric> metrics) {
        boolean anyInterval = metrics.stream().anyMatch(m -> m.interval().isPresent());
        html.append("<h2>Metrics</h2>\n<table class=\"metrics\">\n<tr><th>Metric</th><th>Value</th>");
        html.append(anyInterval ? "<th>Confidence interval</th></tr>\n" : "</tr>\n");
        for (ReportMetric metric : metrics) {
            html.append("<tr><td>").append(Html.escape(metric.name())).append("</td>").append(numberCell(metric.value()));
            if (anyInterval) {
                html.append(metric.interval().map(HtmlSections::intervalCell).orElse("<td></td>"));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void table(ReportTable table) {
        html.append("<h2>").append(Html.escape(table.title())).append("</h2>\n<table>\n<tr>");
        table.headers().forEach(header -> html.append("<th>").append(Html.escape(header)).append("</th>"));
        html.append("</tr>\n");
        for (List<String> row : table.rows()) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void charts(List<EmbeddedChart> charts) {
        html.append("<h2>Charts</h2>\n");
        for (EmbeddedChart chart : charts) {
            String caption = Html.escape(chart.caption());
            html.append("<figure><img src=\"").append(chart.dataUri()).append("\" alt=\"").append(caption)
                    .append("\"><figcaption>").append(caption).append("</figcaption></figure>\n");
        }
    }

    private static String numberCell(double value) {
        return "<td class=\"number\">" + number(value) + "</td>";
    }

    private static String intervalCell(ReportMetric.ConfidenceInterval interval) {
        return "<td class=\"number\">[" + number(interval.lower()) + ", " + number(interval.upper()) + "] ("
                + new BigDecimal(Double.toString(interval.level())).movePointRight(2).stripTrailingZeros().toPlainString() + "%)</td>";
    }

    /** A number as a reader wants it in a table: whole numbers without decimals, others with four (one from 1000 up). */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 1000 ? "%.1f" : "%.4f", value);
    }
}
