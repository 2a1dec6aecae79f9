package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IterationPolicyTest {
    private static final double MB = 1e6;

    /** No backlog: the rest is all there is to send. */
    private static OptionalLong nextAt(IterationPolicy p, long iteration, long remaining, double qemu, double drain) {
        return p.next(iteration, remaining, qemu, new DrainMeter.Drain(drain, 0));
    }

    @Test
    void qemuIsHeldThroughTheFirstPassAndReleasedWhenTheRestFitsItsLimit() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), nextAt(p, 1, 100_000, MB, MB), "the first pass is never the last");
        assertEquals(OptionalLong.empty(), nextAt(p, 2, 10_000_000, MB, MB), "10 s left: still held");
        assertEquals(OptionalLong.of(250), nextAt(p, 2, 200_000, MB, MB), "250 ms with headroom: within QEMU's 300 ms");
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), nextAt(p, 2, 1_000_000, MB, MB), "the guest dirtied more: held again");
    }

    @Test
    void theSlowerOfQemusRateAndTheDrainRateCounts() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        // QEMU measured 118 MB/s into the proxy; the pages left cross at 8 MB/s: 50 MB is 6 s, not 0.4 s
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), nextAt(p, 3, 50_000_000, 118 * MB, 8 * MB));
        // 1.5 s (+25 %) at the drain rate fits 2 s; the limit set lets QEMU, at its own 118 MB/s, send those 12 MB
        // (+25 %) and no more: a limit of 1875 ms would let it switch over with 220 MB dirty
        assertEquals(OptionalLong.of(128), nextAt(p, 3, 12_000_000, 118 * MB, 8 * MB));
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), nextAt(p, 3, 12_000_000, 4 * MB, 0), "no drain figure: 3.75 s at QEMU's rate");
    }

    @Test
    void whatIsStillOnTheWayCountsToo() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        nextAt(p, 1, 1, MB, MB);
        assertEquals(OptionalLong.empty(), p.next(3, 1_000_000, MB, new DrainMeter.Drain(MB, 1.0)), "1 s + 1 s of backlog, +25 %: held");
        assertEquals(OptionalLong.of(625), p.next(3, 500_000, MB, new DrainMeter.Drain(MB, 1.0)), "0.5 MB at QEMU's 1 MB/s, +25 %");
    }

    @Test
    void aGuestThatOutrunsTheLinkIsMadeToEndAtTheHardIteration() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        nextAt(p, 1, 20_000_000, MB, MB);
        for (int i = 2; i < 8; i++) {
            assertEquals(OptionalLong.empty(), nextAt(p, i, 20_000_000, MB, MB), "iteration " + i + ": still held");
        }
        assertEquals(OptionalLong.of(25_000), nextAt(p, 8, 20_000_000, MB, MB));
        assertEquals(OptionalLong.of(IterationPolicy.MAX_LIMIT_MS), nextAt(p, 9, 200_000_000, MB, MB), "capped");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IterationPolicy(5, 4, 2000, 300));
        assertThrows(IllegalArgumentException.class, () -> new IterationPolicy(1, 4, 2000, 300));
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), nextAt(IterationPolicy.defaults(300), 9, 1_000_000, 0, 0), "no rate at all: held");
    }
    @Test
    void theEncodedStreamRunsAheadOfTheLinkOnlyInTheFirstPass() {
        IterationPolicy p = IterationPolicy.defaults(300);
        assertEquals(6_000_000, p.backlogBytes(1, 1.2 * MB), "5 s of a 1.2 MB/s link while QEMU is held in its first pass");
        assertEquals(IterationPolicy.MAX_BACKLOG_BYTES, p.backlogBytes(1, 100 * MB), "bounded in memory");
        assertEquals(0, p.backlogBytes(1, 0), "the link's rate not known yet");
        assertEquals(0, p.backlogBytes(2, 1.2 * MB), "from the second pass it would delay the switchover");
    }
}
