package io.mlcycle.jobs.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Reading drawn charts back by their pixels, for tests that check what a chart shows. */
final class ImagePixels {
    private ImagePixels() {}

    /** Each band of consecutive rows holding {@code colour}, top first, as [leftmost, rightmost] x of its middle row. */
    static List<int[]> horizontalRuns(BufferedImage image, Color colour) {
        List<int[]> bands = new ArrayList<>();
        int start = -1;
        for (int y = 0; y <= image.getHeight(); y++) {
            boolean hit = y < image.getHeight() && rowSpan(image, y, colour) != null;
            if (hit && start < 0) {
                start = y;
            } else if (!hit && start >= 0) {
                bands.add(rowSpan(image, (start + y - 1) / 2, colour));
                start = -1;
            }
        }
        return bands;
    }

    /** [leftmost, rightmost] x of {@code colour} in row {@code y}; null when the row has none. */
    static int[] rowSpan(BufferedImage image, int y, Color colour) {
        int left = -1;
        int right = -1;
        for (int x = 0; x < image.getWidth(); x++) {
            if (image.getRGB(x, y) == colour.getRGB()) {
                left = left < 0 ? x : left;
                right = x;
            }
        }
        return left < 0 ? null : new int[] {left, right};
    }
}
