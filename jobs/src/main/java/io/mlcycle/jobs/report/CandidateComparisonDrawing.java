package io.mlcycle.jobs.report;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

/** One horizontal bar per candidate, in the order tried, the winner in orange (the title's note names it), the value at each bar's end. */
record CandidateComparisonDrawing(Chart chart, List<CandidateScore> shown, CandidateScore winner) {
    void draw() {
        Plot plot = chart.plot(area(), valueAxis(), Axis.unit("")).xGrid();
        if (plot.xMin() < 0) {
            plot.referenceLine(0, 0, 0, 1);
        }
        for (int row = 0; row < shown.size(); row++) {
            double value = shown.get(row).validationMetric();
            if (Double.isFinite(value)) {
                plot.horizontalBar(row, shown.size(), 0, value, shown.get(row) == winner ? ChartStyle.ORANGE : ChartStyle.BLUE);
            }
        }
        plot.frame().xTicks().rowLabels(shown.stream().map(CandidateScore::label).toList());
        for (int row = 0; row < shown.size(); row++) {
            valueLabel(plot, row, shown.get(row).validationMetric());
        }
    }

    /** The value as text just past the bar's end (inside the plot's left edge for an undefined value). */
    private void valueLabel(Plot plot, int row, double value) {
        Graphics2D graphics = chart.graphics();
        graphics.setFont(ChartStyle.TICK_FONT);
        FontMetrics metrics = graphics.getFontMetrics();
        Rectangle area = plot.area();
        double rowHeight = (double) area.height / shown.size();
        if (rowHeight < metrics.getAscent() + 2) {
            return;
        }
        String text = CandidateComparison.value(value);
        int textWidth = metrics.stringWidth(text);
        double end = Double.isFinite(value) ? plot.pixelX(value) : plot.pixelX(0);
        double x = value < 0 ? end - 5 - textWidth : end + 5;
        x = Math.max(area.x + 3, Math.min(x, area.x + area.width - 3 - textWidth));
        graphics.setColor(ChartStyle.TEXT);
        graphics.drawString(text, (float) x, (float) (area.y + (row + 0.5) * rowHeight + metrics.getAscent() / 2.0 - 1));
    }

    private Rectangle area() {
        Graphics2D graphics = chart.graphics();
        graphics.setFont(ChartStyle.TICK_FONT);
        FontMetrics metrics = graphics.getFontMetrics();
        int widest = shown.stream().mapToInt(c -> metrics.stringWidth(c.label())).max().orElse(0);
        int left = 20 + Math.min(widest, (int) (chart.width() * 0.35)) + 10;
        Rectangle standard = chart.plotArea();
        return new Rectangle(left, standard.y, chart.width() - left - Chart.MARGIN_RIGHT, standard.height);
    }

    /** From 0 (or the lowest negative value) to the highest value, with room for the value labels. */
    private Axis valueAxis() {
        double low = Math.min(0, shown.stream().mapToDouble(CandidateScore::validationMetric).filter(Double::isFinite).min().orElse(0));
        double high = Math.max(0, shown.stream().mapToDouble(CandidateScore::validationMetric).filter(Double::isFinite).max().orElse(0));
        return Axis.covering("Validation metric", low, high + (high - low) * 0.12);
    }
}
