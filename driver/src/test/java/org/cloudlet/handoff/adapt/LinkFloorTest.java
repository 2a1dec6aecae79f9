package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkFloorTest {
    private static final long SECOND = 1_000_000_000L;

    /** A floor past its warm-up: readings from time 0 count. */
    private static LinkFloor warmed() {
        LinkFloor f = new LinkFloor();
        f.update(-LinkFloor.WARMUP_NANOS, 100.0);
        return f;
    }

    @Test
    void theSendWindowsFirstSecondsAreNotTheLink() {
        LinkFloor f = new LinkFloor();
        f.update(0, 0.1); // the window still growing
        f.update(SECOND, 0.4);
        assertEquals(0, f.update(LinkFloor.WARMUP_NANOS - 1, 3.0), "nothing counts in the warm-up: no floor");
        assertEquals(3.0, f.update(LinkFloor.WARMUP_NANOS + 10 * SECOND, 3.0), "the warm-up's slow readings are not the floor");
    }

    @Test
    void aSlowStartShorterThanTheWarmUpIsTheFloorOnceTheWindowHasStoppedGrowing() {
        LinkFloor f = new LinkFloor();
        long t = 0;
        for (double rate = 0.1; rate < 0.6; rate *= 2, t += SECOND / 5) {
            f.update(t, rate); // the window growing towards 5 Mbit/s
        }
        for (; t < 5 * SECOND + SECOND / 3; t += SECOND / 5) {
            f.update(t, 0.6); // steady for about 4.5 s, less than the warm-up
        }
        double floor = 0;
        for (; t < 25 * SECOND; t += SECOND / 5) {
            floor = f.update(t, 4.4); // then 35 Mbit/s for 20 s
        }
        assertEquals(0.6, floor, "the 5 Mbit/s it ran at for 4 s of 24 before the rise");
    }

    @Test
    void nothingReadIsNoFloor() {
        LinkFloor f = new LinkFloor();
        assertEquals(0, f.update(0, 0));
        assertEquals(0, f.update(SECOND, -1), "unknown rates are not readings");
    }

    @Test
    void theFloorIsWeightedByTheTimeEachReadingStood() {
        LinkFloor f = warmed();
        f.update(0, 1.0);
        f.update(3 * SECOND, 5.0); // 1.0 stood 3 s
        assertEquals(1.0, f.update(20 * SECOND, 5.0), "slow for 3 s of 20, over the 10 % quantile: that is the floor");
        LinkFloor g = warmed();
        g.update(0, 1.0);
        g.update(SECOND, 5.0); // 1.0 stood 1 s of 20
        assertEquals(5.0, g.update(20 * SECOND, 5.0), "a moment's slow reading does not make the floor");
    }

    @Test
    void readingsOlderThanTheWindowAreForgotten() {
        LinkFloor f = warmed();
        f.update(0, 0.5);
        for (long t = SECOND; t <= LinkFloor.WINDOW_NANOS + 2 * SECOND; t += SECOND) {
            f.update(t, 3.0);
        }
        assertEquals(3.0, f.update(LinkFloor.WINDOW_NANOS + 3 * SECOND, 3.0));
    }

    @Test
    void agreesWithAModelOnRandomReadings() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int round = 0; round < 200; round++) {
            LinkFloor f = warmed();
            int n = 1 + r.nextInt(300);
            long[] at = new long[n];
            double[] rates = new double[n];
            double got = 0;
            for (int i = 0; i < n; i++) {
                at[i] = (i == 0 ? 0 : at[i - 1]) + 1 + r.nextInt((int) (SECOND / 2));
                rates[i] = r.nextInt(4) == 0 ? rates[Math.max(0, i - 1)] + 0.5 : 0.1 + r.nextInt(50) / 5.0; // ties too
                got = f.update(at[i], rates[i]);
            }
            long now = at[n - 1];
            // the model: the smallest rate v such that readings at or below v stood at least the quantile of the time
            long total = 0;
            long[] stood = new long[n];
            for (int i = 0; i < n; i++) {
                stood[i] = Math.max(1, (i + 1 < n ? at[i + 1] : now) - at[i]);
                total += stood[i];
            }
            double expected = Double.MAX_VALUE;
            for (double v : rates) {
                long below = 0;
                for (int i = 0; i < n; i++) {
                    below += rates[i] <= v ? stood[i] : 0;
                }
                if (below >= LinkFloor.QUANTILE * total) {
                    expected = Math.min(expected, v);
                }
            }
            assertEquals(expected, got, "seed " + seed + " round " + round);
        }
    }
}
