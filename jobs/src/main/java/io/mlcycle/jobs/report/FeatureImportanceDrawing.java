package io.mlcycle.jobs.report;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.List;

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
