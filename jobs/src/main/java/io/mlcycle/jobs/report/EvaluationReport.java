package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model evaluation as one self-contained HTML page: run information, metrics, tables (slices, fairness), gate
 * checks and charts embedded as base64 PNG, so MLflow's artifact viewer shows it without other files. Every text
 * value is escaped; the same content gives the same bytes.
 */
public final class EvaluationReport {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:24px auto;max-width:1000px;padding:0 16px}
            h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}
            th{background:#f4f6f8}td.number{text-align:right;font-variant-numeric:tabular-nums}
            .passed{background:#e3f4e1;color:#1b5e20;font-weight:bold}.failed{background:#fde2e1;color:#b71c1c;font-weight:bold}
            .skipped{background:#f1f1f1;color:#555}
            .summary{font-weight:bold}figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#555}
            """;

    private final String title;
    private final List<Map.Entry<String, String>> info;
    private final List<ReportMetric> metrics;
    private final List<ReportTable> tables;
    private final List<GateCheck> gates;
    private final List<EmbeddedChart> charts;

    private EvaluationReport(Builder builder) {
        title = builder.title;
        info = builder.info.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        metrics = List.copyOf(builder.metrics);
        tables = List.copyOf(builder.tables);
        gates = List.copyOf(builder.gates);
        charts = List.copyOf(builder.charts);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The whole page. */
    public String html() {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(Html.escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        new HtmlSections(html).append(info, metrics, gates, tables, charts);
        return html.append("</body>\n</html>\n").toString();
    }

    /** Writes the page to {@code file} as UTF-8, replacing it. */
    public void writeTo(Path file) {
        try {
            Files.writeString(file, html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the evaluation report to " + file, e);
        }
    }

    /** A PNG chart and the caption shown under it. */
    record EmbeddedChart(String caption, byte[] png) {
        String dataUri() {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        }
    }

    /** Collects the report's parts; sections appear in a fixed order, the items of a section in the order added. */
    public static final class Builder {
        private final String title;
        private final Map<String, String> info = new LinkedHashMap<>();
        private final List<ReportMetric> metrics = new ArrayList<>();
        private final List<ReportTable> tables = new ArrayList<>();
        private final List<GateCheck> gates = new ArrayList<>();
        private final List<EmbeddedChart> charts = new ArrayList<>();

        private Builder(String title) {
            this.title = requireNonNull(title, "title is null");
        }

        /** A line of the model and run information, e.g. ("Run id", "3f2a...") or ("Data version: features", "12"). */
        public Builder info(String key, String value) {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value of " + key + " is null");
            if (info.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("Cannot add run information " + key + " twice: it is already " + info.get(key));
            }
            return this;
        }

        public Builder metric(String name, double value) {
            metrics.add(new ReportMetric(name, value, Optional.empty()));
            return this;
        }

        /** A metric with its confidence interval, e.g. a bootstrap's 2.5th and 97.5th percentiles at level 0.95. */
        public Builder metric(String name, double value, double lower, double upper, double level) {
            metrics.add(new ReportMetric(name, value, Optional.of(new ReportMetric.ConfidenceInterval(lower, upper, level))));
            return this;
        }

        public Builder table(ReportTable table) {
            tables.add(requireNonNull(table, "table is null"));
            return this;
        }

        public Builder gate(GateCheck gate) {
            gates.add(requireNonNull(gate, "gate is null"));
            return this;
        }

        public Builder chart(String caption, Chart chart) {
            return chart(caption, requireNonNull(chart, "chart is null").png());
        }

        /** A chart already encoded as PNG. */
        public Builder chart(String caption, byte[] png) {
            requireNonNull(caption, "caption is null");
            requireNonNull(png, "png is null");
            if (png.length < PNG_SIGNATURE.length || !Arrays.equals(png, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
                throw new IllegalArgumentException("Cannot embed chart " + caption + ": its bytes are not a PNG image (no PNG signature)");
            }
            charts.add(new EmbeddedChart(caption, png.clone()));
            return this;
        }

        public EvaluationReport build() {
            return new EvaluationReport(this);
        }
    }
}
