package io.mlcycle.common.quality;

import io.mlcycle.common.dataset.ColumnSpec;
import io.mlcycle.common.dataset.Correction;
import io.mlcycle.common.dataset.DatasetSpec;
import org.apache.spark.sql.Column;

/**
 * The dataset's configured corrections of one column, for code outside the silver step (the streaming scorer), so that
 * a live value is cleaned exactly as a training value was: text corrections on the raw text before the cast, numeric
 * ones on the typed value after it, in the order written.
 */
public final class Corrections {
    private Corrections() {}

    /** {@code text} after the column's text corrections (trim, lower, upper, map). */
    public static Column beforeCast(DatasetSpec spec, String column, Column text) {
        Column value = text;
        for (Correction correction : spec.quality().corrections()) {
            if (correction.column().equals(column) && correction.beforeCast()) {
                value = QualityExpressions.applyText(correction, value);
            }
        }
        return value;
    }

    /** {@code typed} after the column's numeric corrections (scale, clip). */
    public static Column afterCast(DatasetSpec spec, ColumnSpec column, Column typed) {
        Column value = typed;
        for (Correction correction : spec.quality().corrections()) {
            if (correction.column().equals(column.name()) && !correction.beforeCast()) {
                value = QualityExpressions.applyNumeric(correction, value, column.type());
            }
        }
        return value;
    }
}
