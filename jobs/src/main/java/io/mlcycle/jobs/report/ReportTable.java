package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A titled table of text cells, e.g. metrics per slice or per group of a protected attribute. */
public record ReportTable(String title, List<String> headers, List<List<String>> rows) {
    public ReportTable {
        requireNonNull(title, "title is null");
        headers = List.copyOf(headers);
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("Cannot make table " + title + " without columns: the headers are empty");
        }
        rows = rows.stream().map(List::copyOf).toList();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != headers.size()) {
                throw new IllegalArgumentException("Cannot make table " + title + ": row " + i + " has " + rows.get(i).size()
                        + " cells for " + headers.size() + " columns");
            }
        }
    }
}
