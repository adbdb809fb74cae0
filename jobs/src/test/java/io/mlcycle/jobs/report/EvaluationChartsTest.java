package io.mlcycle.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluationChartsTest {
    private static final EvaluationCharts CHARTS = EvaluationCharts.standard();
    /** A ROC curve far above the diagonal everywhere but at its ends. */
    private static final List<double[]> ROC = List.of(new double[] {0, 0}, new double[] {0, 0.8}, new double[] {0.2, 0.95}, new double[] {1, 1});

    static Stream<Named<Supplier<Chart>>> everyChart() {
        return Stream.of(
                Named.of("ROC", () -> CHARTS.roc(ROC)),
                Named.of("precision-recall", () -> CHARTS.precisionRecall(
                        List.of(new double[] {0, 1}, new double[] {0.5, 0.8}, new double[] {1, 0.3}), 0.3)),
                Named.of("confusion matrix", () -> CHARTS.confusionMatrix(List.of("no", "yes"), new long[][] {{90, 10}, {30, 70}})),
                Named.of("confusion matrix of 12 classes", () -> CHARTS.confusionMatrix(
                        IntStream.range(0, 12).mapToObj(i -> "class number " + i).toList(),
                        IntStream.range(0, 12).mapToObj(i -> IntStream.range(0, 12).mapToLong(j -> i == j ? 90 : j).toArray()).toArray(long[][]::new))),
                Named.of("calibration", () -> CHARTS.calibration(bins())),
                Named.of("feature importance", () -> CHARTS.featureImportance(List.of(
                        new FeatureImportance("income", 0.5), new FeatureImportance("age", -0.2)))),
                Named.of("residuals", () -> CHARTS.residuals(sample())),
                Named.of("predicted versus actual", () -> CHARTS.predictedVersusActual(sample())));
    }

    @ParameterizedTest
    @MethodSource("everyChart")
    void rendersAPngOfTheRequestedSize(Supplier<Chart> chart) throws IOException {
        byte[] png = chart.get().png();

        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(read).isNotNull();
        assertThat(read.getWidth()).isEqualTo(800);
        assertThat(read.getHeight()).isEqualTo(600);
        assertThat(distinctColours(read)).as("an image with more than a background").isGreaterThan(10);
    }

    @ParameterizedTest
    @MethodSource("everyChart")
    void rendersTheSameBytesForTheSameInput(Supplier<Chart> chart) {
        assertThat(chart.get().png()).isEqualTo(chart.get().png());
    }

    @Test
    void rendersWithoutADisplay() {
        CHARTS.roc(ROC);

        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    }

    @Test
    void rendersAtOtherSizes() throws IOException {
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(EvaluationCharts.ofSize(400, 300).roc(ROC).png()));

        assertThat(read.getWidth()).isEqualTo(400);
        assertThat(read.getHeight()).isEqualTo(300);
    }

    @Test
    void writesThePngToAFile(@TempDir Path folder) throws IOException {
        Chart chart = CHARTS.roc(ROC);
        Path file = folder.resolve("roc.png");

        chart.writePng(file);

        assertThat(Files.readAllBytes(file)).isEqualTo(chart.png());
    }

    @Test
    void rocDiagonalRunsFromCornerToCorner() {
        Chart chart = CHARTS.roc(ROC);
        BufferedImage image = chart.image();
        Rectangle plot = chart.plotArea();

        for (double t = 0.02; t < 0.99; t += 0.08) {
            int x = (int) Math.round(plot.x + t * plot.width);
            int y = (int) Math.round(plot.y + plot.height - t * plot.height);
            assertThat(nearby(image, x, y, ChartStyle.REFERENCE, 40)).as("diagonal at %.2f", t).isTrue();
        }
    }

    @Test
    void rocCurveIsDrawnThroughItsPoints() {
        Chart chart = CHARTS.roc(ROC);
        BufferedImage image = chart.image();
        Rectangle plot = chart.plotArea();

        // halfway between (0.2, 0.95) and (1, 1)
        assertThat(nearby(image, px(plot, 0.6), py(plot, 0.975), ChartStyle.BLUE, 30)).isTrue();
        // nothing but background between the curve and the diagonal, off the grid lines
        assertThat(new Color(image.getRGB(px(plot, 0.5), py(plot, 0.7)))).isEqualTo(ChartStyle.BACKGROUND);
    }

    @Test
    void rocAreaIsTheTrapezoidalArea() {
        // 0.2 * (0.8 + 0.95) / 2 + 0.8 * (0.95 + 1) / 2, by hand
        assertThat(Curve.of("ROC curve", "x", "y", ROC).area()).isCloseTo(0.955, within(1e-12));
    }

    @Test
    void importanceBarsAreProportionalToImportance() {
        BufferedImage image = CHARTS.featureImportance(List.of(
                new FeatureImportance("quarter", 0.25), new FeatureImportance("full", 1.0), new FeatureImportance("half", 0.5))).image();

        List<int[]> bars = ImagePixels.horizontalRuns(image, ChartStyle.BLUE);

        // largest first; each bar as [left, right] of its middle row
        assertThat(bars).hasSize(3);
        double full = bars.get(0)[1] - bars.get(0)[0];
        assertThat(bars.get(1)[0]).isEqualTo(bars.get(0)[0]);
        assertThat((bars.get(1)[1] - bars.get(1)[0]) / full).isCloseTo(0.5, within(2 / full));
        assertThat((bars.get(2)[1] - bars.get(2)[0]) / full).isCloseTo(0.25, within(2 / full));
    }

    @Test
    void negativeImportanceIsABarLeftOfZero() {
        BufferedImage image = CHARTS.featureImportance(List.of(new FeatureImportance("up", 0.4), new FeatureImportance("down", -0.2))).image();

        int[] positive = ImagePixels.horizontalRuns(image, ChartStyle.BLUE).get(0);
        int[] negative = ImagePixels.horizontalRuns(image, ChartStyle.ORANGE).get(0);

        assertThat(negative[1]).isLessThanOrEqualTo(positive[0] + 1);
        assertThat((double) (negative[1] - negative[0]) / (positive[1] - positive[0])).isCloseTo(0.5, within(0.02));
    }

    @Test
    void importanceShowsOnlyTheTopFeatures() {
        List<FeatureImportance> features = IntStream.rangeClosed(1, 30).mapToObj(i -> new FeatureImportance("f" + i, i)).toList();

        assertThat(ImagePixels.horizontalRuns(CHARTS.featureImportance(features, 5).image(), ChartStyle.BLUE)).hasSize(5);
        assertThat(ImagePixels.horizontalRuns(CHARTS.featureImportance(features).image(), ChartStyle.BLUE)).hasSize(EvaluationCharts.DEFAULT_TOP_FEATURES);
    }

    @Test
    void confusionCellWithTheLargestShareOfItsClassIsDarkest() {
        // the largest count (500) is only 62.5% of its class; 95 of 100 is the largest share
        BufferedImage image = CHARTS.confusionMatrix(List.of("no", "yes"), new long[][] {{500, 300}, {5, 95}}).image();

        List<Cell> cells = largestColourAreas(image, 4);
        Cell darkest = cells.stream().min(Comparator.comparingDouble(Cell::luminance)).orElseThrow();
        Cell lightest = cells.stream().max(Comparator.comparingDouble(Cell::luminance)).orElseThrow();

        assertThat(position(darkest, cells)).isEqualTo("lower right");
        assertThat(position(lightest, cells)).isEqualTo("lower left");
    }

    @Test
    void confusionCellWithTheHighestCountIsDarkestWhenClassesAreBalanced() {
        BufferedImage image = CHARTS.confusionMatrix(List.of("no", "yes"), new long[][] {{90, 10}, {30, 70}}).image();

        List<Cell> cells = largestColourAreas(image, 4);
        Cell darkest = cells.stream().min(Comparator.comparingDouble(Cell::luminance)).orElseThrow();

        assertThat(position(darkest, cells)).isEqualTo("upper left");
    }

    @Test
    void calibrationBarsShowRowsPerBin() {
        Chart chart = CHARTS.calibration(bins());
        BufferedImage image = chart.image();
        Rectangle plot = chart.plotArea();

        // bins of width 0.25 with 10, 40, 20 and 0 rows: the tallest bar is over the second quarter
        int tallestColumn = IntStream.range(0, image.getWidth()).boxed()
                .max(Comparator.comparingInt((Integer x) -> columnCount(image, x, new Color(0x9E, 0xC5, 0xE3))))
                .orElseThrow();
        assertThat(tallestColumn).isBetween(plot.x + plot.width / 4, plot.x + plot.width / 2);
        assertThat(columnCount(image, px(plot, 0.875), new Color(0x9E, 0xC5, 0xE3))).as("empty last bin").isZero();
    }

    @Test
    void regressionPointsFollowTheirValues() {
        // every prediction exact: residuals all 0, points on the zero line; predicted versus actual on the diagonal
        List<PredictedActual> exact = List.of(new PredictedActual(1, 1), new PredictedActual(5, 5), new PredictedActual(9, 9));

        Chart residuals = CHARTS.residuals(exact);
        List<int[]> residualPixels = bluish(residuals.image(), residuals.plotArea());
        int top = residualPixels.stream().mapToInt(p -> p[1]).min().orElseThrow();
        int bottom = residualPixels.stream().mapToInt(p -> p[1]).max().orElseThrow();
        assertThat(bottom - top).as("height of the point cloud").isLessThanOrEqualTo(10);

        Chart versus = CHARTS.predictedVersusActual(exact);
        Rectangle plot = versus.plotArea();
        List<int[]> pixels = bluish(versus.image(), plot);
        int centreX = plot.x + plot.width / 2;
        int centreY = plot.y + plot.height / 2;
        assertThat(pixels).noneMatch(p -> p[0] > centreX + 5 && p[1] > centreY + 5); // lower right: predicted below actual
        assertThat(pixels).anyMatch(p -> p[0] > centreX + 5 && p[1] < centreY - 5);
        assertThat(pixels).anyMatch(p -> p[0] < centreX - 5 && p[1] > centreY + 5);
    }

    @Test
    void rejectsAnEmptyCurve() {
        assertThatThrownBy(() -> CHARTS.roc(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw the ROC curve without points: the list is empty");
    }

    @Test
    void rejectsNaNInACurve() {
        assertThatThrownBy(() -> CHARTS.precisionRecall(List.of(new double[] {0, 1}, new double[] {Double.NaN, 0.5}), 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw the precision-recall curve: point 1 is (NaN, 0.5); recall and precision must be numbers from 0 to 1");
    }

    @Test
    void rejectsCurvePointsOutOfThresholdOrder() {
        assertThatThrownBy(() -> CHARTS.roc(List.of(new double[] {0.5, 0.5}, new double[] {0.2, 0.9})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot draw the ROC curve: point 1 has false positive rate 0.2 after 0.5");
        assertThatThrownBy(() -> CHARTS.roc(List.of(new double[] {0.5, 0.5, 0.1})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw the ROC curve: point 0 has 3 values; need two (false positive rate, true positive rate)");
    }

    @Test
    void rejectsABaselineThatIsNoRate() {
        assertThatThrownBy(() -> CHARTS.precisionRecall(List.of(new double[] {0, 1}), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw a precision-recall baseline at positive rate NaN: need 0 to 1");
    }

    @Test
    void rejectsAMatrixThatDoesNotMatchItsClasses() {
        assertThatThrownBy(() -> CHARTS.confusionMatrix(List.of("a", "b", "c"), new long[][] {{1, 2}, {3, 4}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw a confusion matrix of 2 rows for 3 class names: need one row and one column per class");
        assertThatThrownBy(() -> CHARTS.confusionMatrix(List.of("a", "b"), new long[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw a confusion matrix: row 1 has 1 counts for 2 classes; need one row and one column per class");
        assertThatThrownBy(() -> CHARTS.confusionMatrix(List.of("a", "b"), new long[][] {{1, -2}, {3, 4}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw a confusion matrix: row 0 has count -2; counts are 0 or more");
    }

    @Test
    void rejectsNaNValues() {
        assertThatThrownBy(() -> new FeatureImportance("income", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot chart the importance of feature income: NaN is not a finite number");
        assertThatThrownBy(() -> new PredictedActual(Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot chart prediction NaN against actual value 3.0: both must be finite numbers");
        assertThatThrownBy(() -> new CalibrationBin(0, 0.1, Double.NaN, 0.1, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot use calibration bin [0.0, 0.1): mean predicted NaN and observed frequency 0.1 must be probabilities from 0 to 1");
    }

    @Test
    void rejectsEmptyInputs() {
        assertThatThrownBy(() -> CHARTS.featureImportance(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw feature importance without features: the list is empty");
        assertThatThrownBy(() -> CHARTS.residuals(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw regression predictions without rows: the sample is empty");
        assertThatThrownBy(() -> CHARTS.calibration(List.of(new CalibrationBin(0, 1, Double.NaN, Double.NaN, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw a calibration curve: every bin is empty (were there no scored rows?)");
    }

    @Test
    void rejectsATinyChart() {
        assertThatThrownBy(() -> EvaluationCharts.ofSize(100, 80).roc(ROC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot draw a chart of 100x80 pixels: need at least 320x240");
    }

    private static List<CalibrationBin> bins() {
        return List.of(new CalibrationBin(0, 0.25, 0.1, 0.05, 10), new CalibrationBin(0.25, 0.5, 0.4, 0.3, 40),
                new CalibrationBin(0.5, 0.75, 0.6, 0.7, 20), new CalibrationBin(0.75, 1, Double.NaN, Double.NaN, 0));
    }

    private static List<PredictedActual> sample() {
        return IntStream.range(0, 200).mapToObj(i -> new PredictedActual(i + (i % 7) - 3, i)).toList();
    }

    private static int px(Rectangle plot, double x) {
        return (int) Math.round(plot.x + x * plot.width);
    }

    private static int py(Rectangle plot, double y) {
        return (int) Math.round(plot.y + plot.height - y * plot.height);
    }

    /** Whether a pixel within 2 pixels of (x, y) is within {@code tolerance} of {@code colour} in every channel. */
    private static boolean nearby(BufferedImage image, int x, int y, Color colour, int tolerance) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                Color pixel = new Color(image.getRGB(x + dx, y + dy));
                if (Math.abs(pixel.getRed() - colour.getRed()) <= tolerance && Math.abs(pixel.getGreen() - colour.getGreen()) <= tolerance
                        && Math.abs(pixel.getBlue() - colour.getBlue()) <= tolerance) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int columnCount(BufferedImage image, int x, Color colour) {
        return (int) IntStream.range(0, image.getHeight()).filter(y -> image.getRGB(x, y) == colour.getRGB()).count();
    }

    private static List<int[]> bluish(BufferedImage image, Rectangle area) {
        List<int[]> pixels = new ArrayList<>();
        for (int x = area.x + 2; x < area.x + area.width - 2; x++) {
            for (int y = area.y + 2; y < area.y + area.height - 2; y++) {
                Color pixel = new Color(image.getRGB(x, y));
                if (pixel.getBlue() - pixel.getRed() > 40) {
                    pixels.add(new int[] {x, y});
                }
            }
        }
        return pixels;
    }

    private static int distinctColours(BufferedImage image) {
        return (int) IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }

    /** A block of one colour: its colour and the centre of its pixels. */
    private record Cell(Color colour, double x, double y) {
        double luminance() {
            return 0.299 * colour.getRed() + 0.587 * colour.getGreen() + 0.114 * colour.getBlue();
        }
    }

    /** The {@code n} colours covering the most pixels, other than white. */
    private static List<Cell> largestColourAreas(BufferedImage image, int n) {
        Map<Integer, long[]> areas = new HashMap<>(); // colour -> pixels, sum of x, sum of y
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                long[] area = areas.computeIfAbsent(image.getRGB(x, y), c -> new long[3]);
                area[0]++;
                area[1] += x;
                area[2] += y;
            }
        }
        areas.remove(Color.WHITE.getRGB());
        return areas.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Integer, long[]> e) -> -e.getValue()[0]))
                .limit(n)
                .map(e -> new Cell(new Color(e.getKey()), (double) e.getValue()[1] / e.getValue()[0], (double) e.getValue()[2] / e.getValue()[0]))
                .toList();
    }

    private static String position(Cell cell, List<Cell> cells) {
        double centreX = cells.stream().mapToDouble(Cell::x).average().orElseThrow();
        double centreY = cells.stream().mapToDouble(Cell::y).average().orElseThrow();
        return (cell.y() < centreY ? "upper" : "lower") + " " + (cell.x() < centreX ? "left" : "right");
    }
}
