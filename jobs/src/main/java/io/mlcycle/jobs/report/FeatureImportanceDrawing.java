package io.mlcycle.jobs.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;
import java.util.Locale;

/** Horizontal importance bars, largest first, with the feature names left of them. */
record FeatureImportanceDrawing(Chart chart, List<FeatureImportance> features) {
    void draw() {
        Plot plot = chart.plot(area(), importanceAxis(), Axis.unit("")).xGrid();
        if (plot.xMin() < 0) {
            plot.referenceLine(0, 0, 0, 1);
        }
        for (int row = 0; row < features.size(); row++) {
            double importance = features.get(row).importance();
            plot.horizontalBar(row, features.size(), 0, importance, importance >= 0 ? ChartStyle.BLUE : ChartStyle.ORANGE);
        }
        plot.frame().xTicks().rowLabels(features.stream().map(FeatureImportance::name).toList());
        for (int row = 0; row < features.size(); row++) {
            valueLabel(plot, row, features.get(row).importance());
        }
    }

    /** The importance as text beyond the bar's end, or inside it where the plot has no room left. */
    private void valueLabel(Plot plot, int row, double importance) {
        Graphics2D graphics = chart.graphics();
        graphics.setFont(ChartStyle.TICK_FONT);
        FontMetrics metrics = graphics.getFontMetrics();
        Rectangle area = plot.area();
        double rowHeight = (double) area.height / features.size();
        if (rowHeight < metrics.getAscent() + 2) {
            return;
        }
        String text = String.format(Locale.ROOT, "%.3g", importance);
        int textWidth = metrics.stringWidth(text);
        double end = plot.pixelX(importance);
        double zero = plot.pixelX(0);
        boolean rightward = importance >= 0;
        double outside = rightward ? end + 5 : end - 5 - textWidth;
        boolean fitsOutside = rightward ? outside + textWidth <= area.x + area.width - 3 : outside >= area.x + 3;
        boolean fitsInside = Math.abs(end - zero) >= textWidth + 10;
        if (!fitsOutside && !fitsInside) {
            return;
        }
        graphics.setColor(fitsOutside ? ChartStyle.TEXT : Color.WHITE);
        double x = fitsOutside ? outside : rightward ? end - 5 - textWidth : end + 5;
        double baseline = area.y + (row + 0.5) * rowHeight + metrics.getAscent() / 2.0 - 1;
        graphics.drawString(text, (float) x, (float) baseline);
    }

    private Rectangle area() {
        Graphics2D graphics = chart.graphics();
        graphics.setFont(ChartStyle.TICK_FONT);
        FontMetrics metrics = graphics.getFontMetrics();
        int widest = features.stream().mapToInt(f -> metrics.stringWidth(f.name())).max().orElse(0);
        int left = 20 + Math.min(widest, (int) (chart.width() * 0.35)) + 10;
        Rectangle standard = chart.plotArea();
        return new Rectangle(left, standard.y, chart.width() - left - Chart.MARGIN_RIGHT, standard.height);
    }

    private Axis importanceAxis() {
        double low = Math.min(0, features.stream().mapToDouble(FeatureImportance::importance).min().orElse(0));
        double high = Math.max(0, features.stream().mapToDouble(FeatureImportance::importance).max().orElse(0));
        return Axis.covering("Importance", low, high);
    }
}
