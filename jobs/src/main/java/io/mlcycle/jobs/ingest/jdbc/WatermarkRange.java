package io.mlcycle.jobs.ingest.jdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;

/**
 * The watermark values one incremental run reads: greater than {@code after} (the largest already in bronze, null on
 * the first run) and at most {@code upTo} (the largest in the source when the run started, null when it has none).
 * Both are values of the watermark column as Spark reads it (Timestamp, Date, a number or a string), so they compare
 * with each other directly.
 */
record WatermarkRange(Object after, Object upTo) {
    /** Nothing to read: the source has no watermark at all, or none above the last one ingested. */
    boolean isEmpty() {
        return upTo == null || (after != null && compare(upTo, after) <= 0);
    }

    /** As in the ingestion log: "(after, upTo]", "(-inf, upTo]" on a first run, "(after, after]" when nothing is new. */
    String text() {
        Object end = isEmpty() ? after : upTo;
        return "(" + (after == null ? "-inf" : format(after)) + ", " + (end == null ? "-inf" : format(end)) + "]";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object left, Object right) {
        if (left instanceof Comparable comparable && left.getClass() == right.getClass()) {
            return comparable.compareTo(right);
        }
        if (left instanceof Number && right instanceof Number) {
            return new BigDecimal(left.toString()).compareTo(new BigDecimal(right.toString()));
        }
        throw new IllegalArgumentException("Cannot compare watermarks " + format(left) + " (" + left.getClass().getSimpleName() + ") and "
                + format(right) + " (" + right.getClass().getSimpleName() + "): use a numeric, date or timestamp watermark-column");
    }

    private static String format(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }
}
