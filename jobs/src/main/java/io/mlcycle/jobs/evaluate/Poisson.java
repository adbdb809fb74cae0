package io.mlcycle.jobs.evaluate;

import java.util.SplittableRandom;

/** Poisson(1) draws for the bootstrap, by inverting the cumulative distribution (one uniform per draw). */
final class Poisson {
    private static final double[] CUMULATIVE = unitCumulative();

    private Poisson() {}

    static int unitDraw(SplittableRandom random) {
        double uniform = random.nextDouble();
        int k = 0;
        while (k < CUMULATIVE.length - 1 && uniform >= CUMULATIVE[k]) {
            k++;
        }
        return k;
    }

    /** The sum of {@code count} independent Poisson(1) draws, i.e. a Poisson(count) draw. */
    static long sumOfUnitDraws(SplittableRandom random, long count) {
        long sum = 0;
        for (long i = 0; i < count; i++) {
            sum += unitDraw(random);
        }
        return sum;
    }

    private static double[] unitCumulative() {
        // P(K <= k) for k = 0..19; P(K > 19) is about 1e-18, below a double's resolution near 1
        double[] cumulative = new double[20];
        double probability = Math.exp(-1);
        double total = 0;
        for (int k = 0; k < cumulative.length; k++) {
            total += probability;
            cumulative[k] = total;
            probability /= k + 1;
        }
        return cumulative;
    }
}
