package io.mlcycle.jobs.silver;

import io.mlcycle.common.quality.QualityReport;
import java.util.Locale;
import java.util.stream.Collectors;

/** The silver step rejected more rows than {@code mlcycle.dataset.quality.max-rejected-share} allows; silver was not written. */
public final class RejectedShareExceededException extends RuntimeException {
    private final QualityReport report;

    public RejectedShareExceededException(QualityReport report, String quarantineTable, String runId) {
        super(message(report, quarantineTable, runId));
        this.report = report;
    }

    public QualityReport report() {
        return report;
    }

    private static String message(QualityReport report, String quarantineTable, String runId) {
        String perRule = report.ruleCounts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT,
                "Cannot write silver: %d of %d records (%.2f%%) were rejected, above mlcycle.dataset.quality.max-rejected-share = %s. "
                        + "Rows per rule: %s. Nothing was written to silver. The rejected rows are in the quarantine table %s with silver_run_id = '%s'. "
                        + "Fix the data or the rules, or raise the bound, e.g. -Dmlcycle.dataset.quality.max-rejected-share=%.2f.",
                report.rejectedRows(), report.rowsRead() - report.duplicateRows(), 100.0 * report.rejectedShare(), report.maxRejectedShare(),
                perRule, quarantineTable, runId, Math.min(1.0, Math.ceil(report.rejectedShare() * 100) / 100));
    }
}
