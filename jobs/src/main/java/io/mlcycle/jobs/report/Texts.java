package io.mlcycle.jobs.report;

import java.awt.FontMetrics;

/** Text helpers for charts. */
final class Texts {
    private static final String ELLIPSIS = "\u2026";

    private Texts() {}

    /** {@code text} if it fits in {@code maxWidth} pixels, else its longest prefix that fits followed by an ellipsis. */
    static String fit(String text, FontMetrics metrics, int maxWidth) {
        if (metrics.stringWidth(text) <= maxWidth) {
            return text;
        }
        int end = text.length();
        while (end > 0 && metrics.stringWidth(text.substring(0, end) + ELLIPSIS) > maxWidth) {
            end--;
        }
        return text.substring(0, end) + ELLIPSIS;
    }
}
