package io.mlcycle.jobs.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.util.Locale;

/** A heatmap of a confusion matrix: true classes as rows, predicted classes as columns, each cell labelled. */
record ConfusionMatrixDrawing(Chart chart, ConfusionMatrix matrix) {
    /** The colour of a cell with share 0; a little darker than the background, so empty cells still show. */
    private static final Color LIGHTEST = new Color(0xF4, 0xF8, 0xFC);
    private static final int MAX_UPRIGHT_LABEL = 110;
    private static final int MIN_CELL_FOR_CUT_NAMES = 90;

    void draw() {
        Layout layout = layout();
        Rectangle grid = layout.grid();
        int n = matrix.size();
        int cell = layout.cell();
        Graphics2D graphics = chart.graphics();
        for (int row = 0; row < n; row++) {
            for (int column = 0; column < n; column++) {
                Rectangle box = new Rectangle(grid.x + column * cell, grid.y + row * cell, cell, cell);
                double share = matrix.rowShare(row, column);
                graphics.setColor(shade(share));
                graphics.fill(box);
                cellText(box, matrix.counts()[row][column], share);
            }
        }
        graphics.setColor(ChartStyle.FRAME);
        graphics.setStroke(ChartStyle.THIN_STROKE);
        graphics.draw(grid);
        classNames(layout);
    }

    /** The colour for a share from 0 to 1: from {@link #LIGHTEST} to {@link ChartStyle#HEAT}. */
    static Color shade(double share) {
        return new Color(mix(LIGHTEST.getRed(), ChartStyle.HEAT.getRed(), share),
                mix(LIGHTEST.getGreen(), ChartStyle.HEAT.getGreen(), share),
                mix(LIGHTEST.getBlue(), ChartStyle.HEAT.getBlue(), share));
    }

    /**
     * Where the grid goes: a square right of the row names. Column names that do not fit narrow cells are turned
     * upright, and the grid shrinks to make room for them below it.
     */
    private Layout layout() {
        Graphics2D graphics = chart.graphics();
        graphics.setFont(ChartStyle.TICK_FONT);
        FontMetrics metrics = graphics.getFontMetrics();
        int widest = matrix.classNames().stream().mapToInt(metrics::stringWidth).max().orElse(0);
        int left = 40 + Math.min(widest, maxRowLabelWidth()) + 10;
        Rectangle standard = chart.plotArea();
        int availableWidth = chart.width() - left - Chart.MARGIN_RIGHT;
        int cell = Math.min(availableWidth, standard.height) / matrix.size();
        int labelDepth = metrics.getHeight();
        // a cut name still reads in a wide cell; in a narrow one, little more than its first letters would be left
        boolean upright = widest > cell - 4 && cell < MIN_CELL_FOR_CUT_NAMES;
        if (upright) {
            labelDepth = Math.min(widest, MAX_UPRIGHT_LABEL);
            cell = Math.min(availableWidth, standard.height - (labelDepth - metrics.getHeight())) / matrix.size();
        }
        int side = cell * matrix.size();
        return new Layout(new Rectangle(left + (availableWidth - side) / 2, standard.y, side, side), cell, upright, labelDepth);
    }

    private int maxRowLabelWidth() {
        return (int) (chart.width() * 0.25);
    }

    private void cellText(Rectangle box, long count, double share) {
        if (box.width < 18) {
            return;
        }
        Graphics2D graphics = chart.graphics();
        graphics.setColor(share > 0.5 ? Color.WHITE : ChartStyle.TEXT);
        int size = Math.max(9, Math.min(18, box.width / 6));
        boolean withShare = box.width >= 40;
        graphics.setFont(new Font(ChartStyle.FONT_FAMILY, Font.BOLD, size));
        String countText = Long.toString(count);
        int centreY = box.y + box.height / 2;
        drawCentred(Texts.fit(countText, graphics.getFontMetrics(), box.width - 4), box.x + box.width / 2.0, withShare ? centreY - 2 : centreY + size / 2 - 1);
        if (withShare) {
            graphics.setFont(new Font(ChartStyle.FONT_FAMILY, Font.PLAIN, Math.max(9, size - 3)));
            drawCentred(String.format(Locale.ROOT, "%.1f%%", share * 100), box.x + box.width / 2.0, centreY + size);
        }
    }

    private void classNames(Layout layout) {
        Graphics2D graphics = chart.graphics();
        graphics.setFont(ChartStyle.TICK_FONT);
        graphics.setColor(ChartStyle.TEXT);
        FontMetrics metrics = graphics.getFontMetrics();
        Rectangle grid = layout.grid();
        int cell = layout.cell();
        int bottom = grid.y + grid.height;
        for (int i = 0; i < matrix.size(); i++) {
            String name = matrix.classNames().get(i);
            double centreX = grid.x + (i + 0.5) * cell;
            if (layout.uprightColumnNames()) {
                String column = Texts.fit(name, metrics, layout.columnLabelDepth());
                AffineTransform saved = graphics.getTransform();
                graphics.translate(centreX + metrics.getAscent() / 2.0 - 1, bottom + 6);
                graphics.rotate(-Math.PI / 2);
                graphics.drawString(column, -metrics.stringWidth(column), 0);
                graphics.setTransform(saved);
            } else {
                drawCentred(Texts.fit(name, metrics, cell - 4), centreX, bottom + metrics.getAscent() + 6);
            }
            String row = Texts.fit(name, metrics, maxRowLabelWidth());
            graphics.drawString(row, grid.x - 8 - metrics.stringWidth(row), (float) (grid.y + (i + 0.5) * cell + metrics.getAscent() / 2.0 - 1));
        }
        graphics.setFont(ChartStyle.AXIS_LABEL_FONT);
        drawCentred("Predicted class", grid.x + grid.width / 2.0, bottom + layout.columnLabelDepth() + 30);
        AffineTransform saved = graphics.getTransform();
        graphics.translate(24, grid.y + grid.height / 2.0);
        graphics.rotate(-Math.PI / 2);
        drawCentred("True class", 0, 0);
        graphics.setTransform(saved);
    }

    private void drawCentred(String text, double centreX, double baseline) {
        Graphics2D graphics = chart.graphics();
        graphics.drawString(text, (float) (centreX - graphics.getFontMetrics().stringWidth(text) / 2.0), (float) baseline);
    }

    private static int mix(int from, int to, double share) {
        return (int) Math.round(from + (to - from) * share);
    }

    /** The grid's square, a cell's side, and how deep the column names reach below the grid. */
    private record Layout(Rectangle grid, int cell, boolean uprightColumnNames, int columnLabelDepth) {}
}
