package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IterationPolicyTest {
    private static final long SECOND = 1_000_000_000L;
    private static final double MB = 1e6;

    /** No backlog: the rest is all there is to send. */
    private static Optional<IterationPolicy.Steer> nextAt(IterationPolicy p, long iteration, long remaining, double qemu, double drain) {
        return p.next(iteration, remaining, qemu, new DrainMeter.Drain(drain, 0));
    }

    private static Optional<IterationPolicy.Steer> steer(long limitMs, long cap) {
        return Optional.of(new IterationPolicy.Steer(limitMs, cap));
    }

    /** The backlog allowed at {@code nanos} on a link of {@code link} B/s, with QEMU's pass far from its end. */
    private static long ahead(IterationPolicy p, long iteration, double link, long nanos) {
        return p.backlogBytes(iteration, 1L << 40, new DrainMeter.Drain(10 * MB, 0, link), nanos);
    }

    private static final Optional<IterationPolicy.Steer> HOLD = steer(IterationPolicy.HOLD_MS, 0);

    @Test
    void qemuIsHeldThroughTheFirstPassAndReleasedWhenTheRestFitsItsLimit() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        assertEquals(HOLD, nextAt(p, 1, 100_000, MB, MB), "the first pass is never the last");
        assertEquals(Optional.empty(), nextAt(p, 2, 10_000_000, MB, MB), "10 s left: still held");
        // 250 ms with headroom fits QEMU's 300 ms: the final set may hold 240 KB (0.3 s / 1.25 at 1 MB/s); QEMU's
        // rate capped at 1.5 MB/s, so a 160 ms limit lets it switch with at most that
        assertEquals(steer(160, 1_500_000), nextAt(p, 2, 200_000, MB, MB));
        assertEquals(HOLD, nextAt(p, 2, 1_000_000, MB, MB), "the guest dirtied more: held again, its own cap back");
    }

    @Test
    void theSlowerOfQemusRateAndTheDrainRateCounts() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        // QEMU measured 118 MB/s into the proxy; the pages left cross at 8 MB/s: 50 MB is 6 s, not 0.4 s
        assertEquals(HOLD, nextAt(p, 3, 50_000_000, 118 * MB, 8 * MB));
        // 1.5 s (+25 %) at the drain rate fits 2 s. The final set may hold 12.8 MB (1.6 s at 8 MB/s): QEMU is capped
        // at 12 MB/s and given 1066 ms, where its 118 MB/s and a limit in our time would let it switch with 220 MB
        assertEquals(steer(1066, 12_000_000), nextAt(p, 3, 12_000_000, 118 * MB, 8 * MB));
        assertEquals(HOLD, nextAt(p, 3, 12_000_000, 4 * MB, 0), "no drain figure: 3.75 s at QEMU's rate");
    }

    @Test
    void whatIsStillOnTheWayCountsToo() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        nextAt(p, 1, 1, MB, MB);
        assertEquals(Optional.empty(), p.next(3, 1_000_000, MB, new DrainMeter.Drain(MB, 1.0)), "1 s + 1 s of backlog, +25 %: held");
        assertEquals(steer(400, 1_500_000), p.next(3, 500_000, MB, new DrainMeter.Drain(MB, 1.0)),
                "1.6 s allowed, 1 s of it taken by the backlog: 0.6 MB may be left, at most 1.5 MB/s × 400 ms");
    }

    @Test
    void releasedQemuCannotSwitchWithMoreThanCrossesInTheAllowedDowntime() {
        long seed = Long.getLong("handoff.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
            long iteration = 2 + r.nextInt(6); // soft and before hard
            double drain = 1e5 + r.nextDouble() * 1e8;
            double qemu = drain * (0.5 + r.nextDouble() * 100);
            double backlog = r.nextDouble() * 1.5;
            long remaining = (long) (r.nextDouble() * drain * 2);
            Optional<IterationPolicy.Steer> st = p.next(iteration, remaining, qemu, new DrainMeter.Drain(drain, backlog));
            if (st.isEmpty() || !st.get().releases()) {
                continue;
            }
            long allowed = iteration >= 3 ? 2000 : 300;
            double rate = Math.min(drain, qemu);
            // QEMU switches once its dirty set ≤ its rate × limit, and its rate is at most the cap
            double finalSet = st.get().maxBandwidth() * (st.get().downtimeLimitMs() / 1000.0);
            double downtime = finalSet / rate + backlog;
            double floor = 0.001 * st.get().maxBandwidth() / rate; // a release never waits for less than 2 ms
            assertTrue(st.get().downtimeLimitMs() == IterationPolicy.HOLD_MS + 1 ? downtime - floor < allowed / 1000.0
                            : downtime * IterationPolicy.HEADROOM <= allowed / 1000.0 + 1e-6,
                    "seed " + seed + ": " + st.get() + " lets QEMU switch with " + Math.round(finalSet) + " bytes: "
                            + downtime + " s at " + rate + " B/s, backlog " + backlog);
            assertTrue(remaining / rate + backlog <= allowed / 1000.0 / IterationPolicy.HEADROOM + 1e-9, "released only if the rest fits");
        }
    }

    @Test
    void aGuestThatOutrunsTheLinkIsMadeToEndAtTheHardIteration() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        nextAt(p, 1, 20_000_000, MB, MB);
        for (int i = 2; i < 8; i++) {
            assertEquals(Optional.empty(), nextAt(p, i, 20_000_000, MB, MB), "iteration " + i + ": still held");
        }
        assertEquals(steer(32_000, 1_500_000), nextAt(p, 8, 20_000_000, MB, MB), "25 s fits the hard iteration's 60 s");
        assertEquals(steer(IterationPolicy.MAX_LIMIT_MS, 0), nextAt(p, 9, 200_000_000, MB, MB), "whatever it takes, capped");
    }

    @Test
    void behindABacklogLongerThanTheDowntimeQemuIsHeldAtATrickleAndReleasedByTheDrainRate() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        assertEquals(HOLD, nextAt(p, 1, 100_000_000, 100 * MB, 10 * MB));
        // the first pass left 5 s of encoded bytes ahead of the link: a switch now would stop the VM for 5 s and more
        assertEquals(steer(IterationPolicy.HOLD_MS, IterationPolicy.MIN_CAP), p.next(2, 2_000_000, 100 * MB, new DrainMeter.Drain(10 * MB, 5.0)));
        assertEquals(Optional.empty(), p.next(2, 2_000_000, 1 * MB, new DrainMeter.Drain(10 * MB, 3.0)), "still 3 s on its way");
        // 1 s left on the way: 2 MB at the 10 MB/s drain and that second fit 2 s with 25 %. QEMU's 1 MB/s is the
        // trickle's cap, not its pace (by it the rest would take 3 s)
        assertEquals(steer(400, 15_000_000), p.next(3, 2_000_000, 1 * MB, new DrainMeter.Drain(10 * MB, 1.0)));
    }

    @Test
    void nearTheEndOfTheFirstPassTheBacklogShrinksToWhatTheSecondPassMayStopFor() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        DrainMeter.Drain ridingOut = new DrainMeter.Drain(14 * MB, 5.0, 2.4 * MB);
        assertEquals(12_000_000, p.backlogBytes(1, 200_000_000, ridingOut, SECOND), 1, "200 MB left is 14 s at 14 MB/s: 5 s of link may wait");
        // 60 MB left could be in before those 5 s have crossed: the sync may find next to nothing dirty, and QEMU stop
        assertEquals(576_000, p.backlogBytes(1, 60_000_000, ridingOut, 2 * SECOND), 1, "0.24 s of link: QEMU's 300 ms, less headroom");
        assertEquals(HOLD, p.next(1, 60_000_000, 100 * MB, ridingOut), "held at its own cap: our full buffers hold it up");
        assertEquals(12_000_000, p.backlogBytes(1, 200_000_000, new DrainMeter.Drain(0, 0, 2.4 * MB), 3 * SECOND), 1,
                "no drain rate yet: the end is not known to be near");
    }

    @Test
    void aBacklogThatFitsTheDowntimeHoldsQemuAtItsOwnCap() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        assertEquals(HOLD, nextAt(p, 1, 100_000_000, 100 * MB, 10 * MB));
        assertEquals(Optional.empty(), p.next(2, 50_000_000, 100 * MB, new DrainMeter.Drain(10 * MB, 1.5)), "1.5 s on its way, within the 2 s accepted at the end: held as before");
        assertEquals(steer(IterationPolicy.HOLD_MS, IterationPolicy.MIN_CAP), p.next(2, 50_000_000, 100 * MB, new DrainMeter.Drain(10 * MB, 2.1)));
        assertEquals(HOLD, p.next(3, 50_000_000, 1 * MB, new DrainMeter.Drain(10 * MB, 0.5)), "drained: QEMU's own cap back");
        assertEquals(steer(IterationPolicy.MAX_LIMIT_MS, 0), p.next(8, 500_000_000, 1 * MB, new DrainMeter.Drain(10 * MB, 5.0)),
                "the hard iteration ends it whatever is on its way");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IterationPolicy(5, 4, 2000, 300));
        assertThrows(IllegalArgumentException.class, () -> new IterationPolicy(1, 4, 2000, 300));
        assertEquals(HOLD, nextAt(IterationPolicy.defaults(300), 9, 1_000_000, 0, 0), "no rate at all: held");
    }

    @Test
    void theEncodedStreamRunsAheadOfTheLinkOnlyInTheFirstPass() {
        IterationPolicy p = IterationPolicy.defaults(300);
        assertEquals(0, ahead(p, 1, 0, 0), "the link's rate not known yet");
        assertEquals(6_000_000, ahead(p, 1, 1.2 * MB, SECOND), "5 s of a 1.2 MB/s link while QEMU is held in its first pass");
        assertEquals(0, ahead(p, 2, 1.2 * MB, 2 * SECOND), "from the second pass it would delay the switchover");
        IterationPolicy fast = IterationPolicy.defaults(300);
        assertEquals(IterationPolicy.MAX_BACKLOG_BYTES, ahead(fast, 1, 100 * MB, SECOND), "bounded in memory");
    }

    @Test
    void aLinkThatWasSlowLatelyGetsTheBacklogItCanDrainThen() {
        IterationPolicy p = IterationPolicy.defaults(300);
        long t = 0;
        for (; t < 20 * SECOND; t += SECOND / 5) {
            ahead(p, 1, 0.6 * MB, t); // 5 Mbit/s for 20 s
        }
        for (; t < 35 * SECOND; t += SECOND / 5) {
            ahead(p, 1, 4.4 * MB, t); // then 35 Mbit/s
        }
        assertEquals(3_000_000, ahead(p, 1, 4.4 * MB, t), 1, "5 s of the 0.6 MB/s it fell to lately, not of 4.4 MB/s");
        IterationPolicy steady = IterationPolicy.defaults(300);
        for (t = 0; t < 35 * SECOND; t += SECOND / 5) {
            ahead(steady, 1, (t % (10 * SECOND) == 0 ? 0.5 : 4.4) * MB, t); // a slow reading now and then
        }
        assertEquals(22_000_000, ahead(steady, 1, 4.4 * MB, t), 1, "a steady link keeps its 5 s");
    }
}
