package io.mlcycle.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreTableTest {

    @Test
    void ignoresScoresLeftWithoutRowsByAResample() {
        // a replicate can draw no row of the top score: 0.9 (0 rows), 0.5 (1 positive), 0.2 (1 negative)
        ScoreTable table = new ScoreTable(new double[] {0.9, 0.5, 0.2}, new long[] {0, 1, 0}, new long[] {0, 0, 1});

        // the one positive is ranked first: precision 1 at recall 1; it outranks the one negative
        assertThat(table.areaUnderPrecisionRecall()).isEqualTo(1.0);
        assertThat(table.areaUnderRoc()).isEqualTo(1.0);
        // at 0.9 nothing is predicted positive
        assertThat(table.confusionAt(0.9)).isEqualTo(new ConfusionCounts(0, 0, 1, 1));
    }

    @Test
    void keepsRowCountsOnAverageWhenResampling() {
        ScoreTable table = new ScoreTable(new double[] {0.8, 0.3}, new long[] {500, 100}, new long[] {100, 300});
        SplittableRandom random = new SplittableRandom(3);

        double rows = 0;
        for (int b = 0; b < 100; b++) {
            rows += table.resample(random).rows();
        }

        // each of the 1,000 rows is drawn Poisson(1) times: 1,000 rows per replicate on average (sd 1000 / sqrt(100 * 1000))
        assertThat(rows / 100).isCloseTo(1_000, within(10.0));
    }
}
