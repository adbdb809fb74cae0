package io.mlcycle.jobs.report;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A chart being drawn on an in-memory image with plain Java2D: a title, one or more {@link Plot}s and legends.
 * Nothing touches a display (the JVM runs headless), and the same drawing calls give the same PNG bytes.
 */
public final class Chart {
    public static final int DEFAULT_WIDTH = 800;
    public static final int DEFAULT_HEIGHT = 600;
    static final int MIN_WIDTH = 320;
    static final int MIN_HEIGHT = 240;
    static final int MARGIN_TOP = 64;
    static final int MARGIN_LEFT = 82;
    static final int MARGIN_RIGHT = 30;
    static final int MARGIN_BOTTOM = 66;

    static {
        // Set before the first AWT class loads a graphics environment: charts are drawn on servers without a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final BufferedImage image;
    private final Graphics2D graphics;

    private Chart(int width, int height) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            throw new IllegalArgumentException("Cannot draw a chart of " + width + "x" + height
                    + " pixels: need at least " + MIN_WIDTH + "x" + MIN_HEIGHT);
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        graphics.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
        graphics.setColor(ChartStyle.BACKGROUND);
        graphics.fillRect(0, 0, width, height);
    }

    /** A white chart of the given size in pixels, with {@code title} centred at the top. */
    public static Chart titled(String title, int width, int height) {
        requireNonNull(title, "title is null");
        Chart chart = new Chart(width, height);
        chart.graphics.setFont(ChartStyle.TITLE_FONT);
        chart.graphics.setColor(ChartStyle.TEXT);
        chart.centredText(Texts.fit(title, chart.graphics.getFontMetrics(), width - 20), width / 2.0, 32);
        return chart;
    }

    /** A smaller line of text under the title, e.g. what the colours mean. */
    public Chart note(String text) {
        requireNonNull(text, "text is null");
        graphics.setFont(ChartStyle.NOTE_FONT);
        graphics.setColor(ChartStyle.MUTED_TEXT);
        centredText(Texts.fit(text, graphics.getFontMetrics(), width() - 20), width() / 2.0, 52);
        return this;
    }

    /** The area inside the standard margins, where a single plot goes. */
    public Rectangle plotArea() {
        return new Rectangle(MARGIN_LEFT, MARGIN_TOP, width() - MARGIN_LEFT - MARGIN_RIGHT, height() - MARGIN_TOP - MARGIN_BOTTOM);
    }

    /** A plot of the given axes in {@code area} (pixels); draw its frame and ticks with {@link Plot#axes()}. */
    public Plot plot(Rectangle area, Axis x, Axis y) {
        return new Plot(graphics, new Rectangle(area), x, y);
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** A copy of the image drawn so far. */
    public BufferedImage image() {
        BufferedImage copy = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        copy.setData(image.getData());
        return copy;
    }

    /** The image drawn so far, encoded as PNG. */
    public byte[] png() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("Cannot encode a chart as PNG: this JVM has no PNG image writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a chart as PNG", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the PNG to {@code file}, replacing it: a chart as an artifact of its own. */
    public void writePng(Path file) {
        try {
            Files.write(file, png());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a chart to " + file, e);
        }
    }

    /** Draws a legend in the corner {@code position} of {@code area}. */
    public Chart legend(Rectangle area, LegendPosition position, List<LegendEntry> entries) {
        requireNonNull(position, "position is null");
        Legend legend = new Legend(graphics, List.copyOf(entries));
        legend.draw(legend.box(area, position));
        return this;
    }

    /**
     * Draws a legend in the corner of {@code area} that hides the fewest of the {@code avoid} pixels (e.g. a curve's
     * {@link Plot#pixelPath}); on a tie, the earlier of {@code corners}.
     */
    public Chart legendAvoiding(Rectangle area, List<LegendPosition> corners, List<Point2D> avoid, List<LegendEntry> entries) {
        if (corners.isEmpty()) {
            throw new IllegalArgumentException("Cannot place a legend: no corner to choose from");
        }
        Legend legend = new Legend(graphics, List.copyOf(entries));
        Rectangle best = null;
        long fewest = Long.MAX_VALUE;
        for (LegendPosition corner : corners) {
            Rectangle box = legend.box(area, corner);
            Rectangle margin = new Rectangle(box.x - 4, box.y - 4, box.width + 8, box.height + 8);
            long hidden = avoid.stream().filter(margin::contains).count();
            if (hidden < fewest) {
                best = box;
                fewest = hidden;
            }
        }
        legend.draw(best);
        return this;
    }

    Graphics2D graphics() {
        return graphics;
    }

    private void centredText(String text, double centreX, double baseline) {
        FontMetrics metrics = graphics.getFontMetrics();
        graphics.drawString(text, (float) (centreX - metrics.stringWidth(text) / 2.0), (float) baseline);
    }

    /** Where a legend sits inside its area. */
    public enum LegendPosition { UPPER_LEFT, UPPER_RIGHT, LOWER_LEFT, LOWER_RIGHT }

    /** How a legend entry's sample is drawn. */
    public enum Mark { LINE, REFERENCE_LINE, POINT, BAR }

    /** One legend line: a sample of the series' mark and colour, and its label. */
    public record LegendEntry(String label, Color color, Mark mark) {
        public LegendEntry {
            requireNonNull(label, "label is null");
            requireNonNull(color, "color is null");
            requireNonNull(mark, "mark is null");
        }
    }

    private record Legend(Graphics2D graphics, List<LegendEntry> entries) {
        private static final int PADDING = 10;
        private static final int SAMPLE_WIDTH = 28;
        private static final int LINE_HEIGHT = 22;

        Rectangle box(Rectangle area, LegendPosition position) {
            graphics.setFont(ChartStyle.LEGEND_FONT);
            FontMetrics metrics = graphics.getFontMetrics();
            int textWidth = entries.stream().mapToInt(e -> metrics.stringWidth(e.label())).max().orElse(0);
            int width = Math.min(PADDING * 3 + SAMPLE_WIDTH + textWidth, area.width - 2 * PADDING);
            int height = PADDING * 2 + LINE_HEIGHT * entries.size() - 6;
            boolean left = position == LegendPosition.UPPER_LEFT || position == LegendPosition.LOWER_LEFT;
            boolean upper = position == LegendPosition.UPPER_LEFT || position == LegendPosition.UPPER_RIGHT;
            int x = left ? area.x + PADDING : area.x + area.width - PADDING - width;
            int y = upper ? area.y + PADDING : area.y + area.height - PADDING - height;
            return new Rectangle(x, y, width, height);
        }

        void draw(Rectangle box) {
            if (entries.isEmpty()) {
                return;
            }
            graphics.setFont(ChartStyle.LEGEND_FONT);
            FontMetrics metrics = graphics.getFontMetrics();
            int x = box.x;
            int y = box.y;
            int width = box.width;
            int height = box.height;
            graphics.setColor(new Color(255, 255, 255, 230));
            graphics.fillRect(x, y, width, height);
            graphics.setColor(ChartStyle.GRID.darker());
            graphics.setStroke(ChartStyle.THIN_STROKE);
            graphics.drawRect(x, y, width, height);
            for (int i = 0; i < entries.size(); i++) {
                int centreY = y + PADDING + 8 + i * LINE_HEIGHT;
                drawEntry(entries.get(i), x + PADDING, centreY, width - PADDING * 3 - SAMPLE_WIDTH, metrics);
            }
        }

        private void drawEntry(LegendEntry entry, int x, int centreY, int textWidth, FontMetrics metrics) {
            graphics.setColor(entry.color());
            switch (entry.mark()) {
                case LINE -> {
                    graphics.setStroke(ChartStyle.SERIES_STROKE);
                    graphics.drawLine(x, centreY, x + SAMPLE_WIDTH, centreY);
                }
                case REFERENCE_LINE -> {
                    graphics.setStroke(ChartStyle.REFERENCE_STROKE);
                    graphics.drawLine(x, centreY, x + SAMPLE_WIDTH, centreY);
                }
                case POINT -> graphics.fillOval(x + SAMPLE_WIDTH / 2 - 5, centreY - 5, 10, 10);
                case BAR -> graphics.fillRect(x + 4, centreY - 6, SAMPLE_WIDTH - 8, 12);
            }
            graphics.setColor(ChartStyle.TEXT);
            String label = Texts.fit(entry.label(), metrics, textWidth);
            graphics.drawString(label, x + SAMPLE_WIDTH + PADDING, centreY + metrics.getAscent() / 2 - 2);
        }
    }
}
