package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A rectangle of a {@link Chart} with a numeric x and y axis. Series are given in data units and clipped to the
 * rectangle; the frame, grid, ticks and axis labels are drawn by {@link #axes()}.
 */
public final class Plot {
    private static final int TICK_LENGTH = 5;
    private static final int PATH_STEP = 4;

    private final Graphics2D graphics;
    private final Rectangle area;
    private final Axis x;
    private final Axis y;

    Plot(Graphics2D graphics, Rectangle area, Axis x, Axis y) {
        this.graphics = requireNonNull(graphics, "graphics is null");
        this.area = requireNonNull(area, "area is null");
        this.x = requireNonNull(x, "x is null");
        this.y = requireNonNull(y, "y is null");
    }

    /** The plot's rectangle in pixels. */
    public Rectangle area() {
        return new Rectangle(area);
    }

    /** The horizontal pixel position of data value {@code value}. */
    public double pixelX(double value) {
        return area.x + x.fraction(value) * area.width;
    }

    /** The vertical pixel position of data value {@code value} (larger values are higher up). */
    public double pixelY(double value) {
        return area.y + area.height - y.fraction(value) * area.height;
    }

    /** The lowest value of the x axis. */
    public double xMin() {
        return x.min();
    }

    /** The highest value of the x axis. */
    public double xMax() {
        return x.max();
    }

    /** Grid, frame, ticks and labels of both axes. */
    public Plot axes() {
        grid();
        frame();
        xTicks();
        yTicks();
        return this;
    }

    /** Light grid lines at the ticks of both axes. */
    public Plot grid() {
        return xGrid().yGrid();
    }

    /** Vertical grid lines at the x ticks. */
    public Plot xGrid() {
        graphics.setColor(ChartStyle.GRID);
        graphics.setStroke(ChartStyle.THIN_STROKE);
        for (double tick : x.ticks()) {
            graphics.draw(new Line2D.Double(pixelX(tick), area.y, pixelX(tick), area.y + area.height));
        }
        return this;
    }

    /** Horizontal grid lines at the y ticks. */
    public Plot yGrid() {
        graphics.setColor(ChartStyle.GRID);
        graphics.setStroke(ChartStyle.THIN_STROKE);
        for (double tick : y.ticks()) {
            graphics.draw(new Line2D.Double(area.x, pixelY(tick), area.x + area.width, pixelY(tick)));
        }
        return this;
    }

    /** The rectangle around the plot. */
    public Plot frame() {
        graphics.setColor(ChartStyle.FRAME);
        graphics.setStroke(ChartStyle.THIN_STROKE);
        graphics.draw(new Rectangle2D.Double(area.x, area.y, area.width, area.height));
        return this;
    }

    /** Tick marks and values under the plot, and the x axis label under them. */
    public Plot xTicks() {
        graphics.setFont(ChartStyle.TICK_FONT);
        FontMetrics metrics = graphics.getFontMetrics();
        int bottom = area.y + area.height;
        for (double tick : x.ticks()) {
            double px = pixelX(tick);
            graphics.setColor(ChartStyle.FRAME);
            graphics.draw(new Line2D.Double(px, bottom, px, bottom + TICK_LENGTH));
            String text = x.format(tick);
            graphics.setColor(ChartStyle.TEXT);
            graphics.drawString(text, (float) (px - metrics.stringWidth(text) / 2.0), bottom + TICK_LENGTH + metrics.getAscent() + 2);
        }
        graphics.setFont(ChartStyle.AXIS_LABEL_FONT);
        FontMetrics labelMetrics = graphics.getFontMetrics();
        String label = Texts.fit(x.label(), labelMetrics, area.width);
        graphics.drawString(label, (float) (area.x + (area.width - labelMetrics.stringWidth(label)) / 2.0),
                bottom + TICK_LENGTH + metrics.getHeight() + labelMetrics.getAscent() + 8);
        return this;
    }

    /** Tick marks and values left of the plot, and the y axis label, turned upright, left of them. */
    public Plot yTicks() {
        graphics.setFont(ChartStyle.TICK_FONT);
        FontMetrics metrics = graphics.getFontMetrics();
        int widest = 0;
        for (double tick : y.ticks()) {
            double py = pixelY(tick);
            graphics.setColor(ChartStyle.FRAME);
            graphics.draw(new Line2D.Double(area.x - TICK_LENGTH, py, area.x, py));
            String text = y.format(tick);
            widest = Math.max(widest, metrics.stringWidth(text));
            graphics.setColor(ChartStyle.TEXT);
            graphics.drawString(text, (float) (area.x - TICK_LENGTH - 3 - metrics.stringWidth(text)),
                    (float) (py + metrics.getAscent() / 2.0 - 1));
        }
        yLabel(area.x - TICK_LENGTH - widest - 12);
        return this;
    }

    /** Category names left of the plot, one centred on each of {@code names.size()} equal rows, top to bottom. */
    public Plot rowLabels(List<String> names) {
        graphics.setFont(ChartStyle.TICK_FONT);
        graphics.setColor(ChartStyle.TEXT);
        FontMetrics metrics = graphics.getFontMetrics();
        double rowHeight = (double) area.height / names.size();
        for (int i = 0; i < names.size(); i++) {
            String text = Texts.fit(names.get(i), metrics, area.x - 12);
            double centreY = area.y + (i + 0.5) * rowHeight;
            graphics.drawString(text, (float) (area.x - 8 - metrics.stringWidth(text)), (float) (centreY + metrics.getAscent() / 2.0 - 1));
        }
        return this;
    }

    /** A polyline through the points, in data units, in order. */
    public Plot line(double[] xs, double[] ys, Color color) {
        checkSameLength(xs, ys);
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            if (i == 0) {
                path.moveTo(pixelX(xs[i]), pixelY(ys[i]));
            } else {
                path.lineTo(pixelX(xs[i]), pixelY(ys[i]));
            }
        }
        graphics.setColor(color);
        graphics.setStroke(ChartStyle.SERIES_STROKE);
        drawClipped(path);
        return this;
    }

    /**
     * Pixels along the polyline through the points, at most {@value #PATH_STEP} pixels apart: what a legend must not
     * hide.
     */
    public List<Point2D> pixelPath(double[] xs, double[] ys) {
        checkSameLength(xs, ys);
        List<Point2D> path = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            Point2D end = new Point2D.Double(pixelX(xs[i]), pixelY(ys[i]));
            if (i > 0) {
                Point2D start = path.get(path.size() - 1);
                int steps = (int) Math.ceil(start.distance(end) / PATH_STEP);
                for (int step = 1; step < steps; step++) {
                    double t = (double) step / steps;
                    path.add(new Point2D.Double(start.getX() + t * (end.getX() - start.getX()), start.getY() + t * (end.getY() - start.getY())));
                }
            }
            path.add(end);
        }
        return path;
    }

    /** A thin grey straight line between two points in data units, e.g. the diagonal of a ROC plot. */
    public Plot referenceLine(double x1, double y1, double x2, double y2) {
        graphics.setColor(ChartStyle.REFERENCE);
        graphics.setStroke(ChartStyle.REFERENCE_STROKE);
        drawClipped(new Line2D.Double(pixelX(x1), pixelY(y1), pixelX(x2), pixelY(y2)));
        return this;
    }

    /** Filled circles of {@code radius} pixels centred on the points; {@code color}'s alpha lets dense clouds show. */
    public Plot points(double[] xs, double[] ys, double radius, Color color) {
        checkSameLength(xs, ys);
        graphics.setColor(color);
        Shape clip = graphics.getClip();
        graphics.clip(area);
        for (int i = 0; i < xs.length; i++) {
            graphics.fill(new Ellipse2D.Double(pixelX(xs[i]) - radius, pixelY(ys[i]) - radius, 2 * radius, 2 * radius));
        }
        graphics.setClip(clip);
        return this;
    }

    /** A vertical bar over {@code [left, right]} from {@code base} to {@code top}, all in data units. */
    public Plot verticalBar(double left, double right, double base, double top, Color color) {
        // half a pixel off each side, so adjacent bars stay apart
        double x1 = pixelX(left) + 0.5;
        double x2 = pixelX(right) - 0.5;
        double y1 = pixelY(Math.max(base, top));
        double y2 = pixelY(Math.min(base, top));
        fillClipped(new Rectangle2D.Double(x1, y1, Math.max(0, x2 - x1), y2 - y1), color);
        return this;
    }

    /** A horizontal bar in row {@code row} of {@code rows} equal rows (top first), from {@code base} to {@code end} on x. */
    public Plot horizontalBar(int row, int rows, double base, double end, Color color) {
        double rowHeight = (double) area.height / rows;
        double x1 = pixelX(Math.min(base, end));
        double x2 = pixelX(Math.max(base, end));
        double top = area.y + row * rowHeight + rowHeight * 0.15;
        fillClipped(new Rectangle2D.Double(x1, top, x2 - x1, rowHeight * 0.7), color);
        return this;
    }

    private void yLabel(double centreX) {
        graphics.setFont(ChartStyle.AXIS_LABEL_FONT);
        graphics.setColor(ChartStyle.TEXT);
        FontMetrics metrics = graphics.getFontMetrics();
        String label = Texts.fit(y.label(), metrics, area.height);
        AffineTransform saved = graphics.getTransform();
        graphics.translate(centreX, area.y + area.height / 2.0);
        graphics.rotate(-Math.PI / 2);
        graphics.drawString(label, (float) (-metrics.stringWidth(label) / 2.0), 0f);
        graphics.setTransform(saved);
    }

    private void drawClipped(Shape shape) {
        Shape clip = graphics.getClip();
        // two pixels of slack, so a line along the frame (e.g. a ROC curve at y = 1) stays fully visible
        graphics.clip(new Rectangle(area.x - 2, area.y - 2, area.width + 4, area.height + 4));
        graphics.draw(shape);
        graphics.setClip(clip);
    }

    private void fillClipped(Shape shape, Color color) {
        Shape clip = graphics.getClip();
        graphics.clip(area);
        graphics.setColor(color);
        graphics.fill(shape);
        graphics.setClip(clip);
    }

    private static void checkSameLength(double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("Cannot draw " + xs.length + " x values against " + ys.length + " y values: need one y per x");
        }
    }
}
