package io.mlcycle.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;

/** Colours, fonts and strokes every chart shares, so the charts of one report look alike. */
public final class ChartStyle {
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TEXT = new Color(0x22, 0x22, 0x22);
    public static final Color MUTED_TEXT = new Color(0x55, 0x55, 0x55);
    public static final Color FRAME = new Color(0x44, 0x44, 0x44);
    public static final Color GRID = new Color(0xE4, 0xE4, 0xE4);
    public static final Color REFERENCE = new Color(0x99, 0x99, 0x99);
    /** Colours for series, in order (the first is the main series). */
    public static final Color BLUE = new Color(0x1F, 0x77, 0xB4);
    public static final Color ORANGE = new Color(0xE6, 0x6A, 0x00);
    public static final Color GREEN = new Color(0x2C, 0xA0, 0x2C);
    /** The colour of a heatmap cell holding the largest value (the smallest is {@link #BACKGROUND}). */
    public static final Color HEAT = new Color(0x08, 0x30, 0x6B);

    static final String FONT_FAMILY = Font.SANS_SERIF;
    static final Font TITLE_FONT = new Font(FONT_FAMILY, Font.BOLD, 20);
    static final Font NOTE_FONT = new Font(FONT_FAMILY, Font.PLAIN, 13);
    static final Font AXIS_LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 15);
    static final Font TICK_FONT = new Font(FONT_FAMILY, Font.PLAIN, 13);
    static final Font LEGEND_FONT = new Font(FONT_FAMILY, Font.PLAIN, 14);

    static final Stroke SERIES_STROKE = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final Stroke REFERENCE_STROKE = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
    static final Stroke THIN_STROKE = new BasicStroke(1f);

    private ChartStyle() {}
}
