package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IterationPolicyTest {
    private static final double MB = 1e6;

    @Test
    void qemuIsHeldThroughTheFirstPassAndReleasedWhenTheRestFitsItsLimit() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), p.next(1, 100_000, MB, MB), "the first pass is never the last");
        assertEquals(OptionalLong.empty(), p.next(2, 10_000_000, MB, MB), "10 s left: still held");
        assertEquals(OptionalLong.of(300), p.next(2, 200_000, MB, MB), "250 ms with headroom: within QEMU's 300 ms");
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), p.next(2, 1_000_000, MB, MB), "the guest dirtied more: held again");
    }

    @Test
    void theSlowerOfQemusRateAndTheDrainRateCounts() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        // QEMU measured 118 MB/s into the proxy; the pages left cross at 8 MB/s: 50 MB is 6 s, not 0.4 s
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), p.next(3, 50_000_000, 118 * MB, 8 * MB));
        assertEquals(OptionalLong.of(1875), p.next(3, 12_000_000, 118 * MB, 8 * MB), "1.5 s (+25 %) at the drain rate: within 2 s");
        assertEquals(OptionalLong.of(300), p.next(3, 12_000_000, 118 * MB, 0), "no drain figure: QEMU's rate, 127 ms");
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), p.next(3, 12_000_000, 4 * MB, 0), "3.75 s at QEMU's rate");
    }

    @Test
    void aGuestThatOutrunsTheLinkIsMadeToEndAtTheHardIteration() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        p.next(1, 20_000_000, MB, MB);
        for (int i = 2; i < 8; i++) {
            assertEquals(OptionalLong.empty(), p.next(i, 20_000_000, MB, MB), "iteration " + i + ": still held");
        }
        assertEquals(OptionalLong.of(25_000), p.next(8, 20_000_000, MB, MB));
        assertEquals(OptionalLong.of(IterationPolicy.MAX_LIMIT_MS), p.next(9, 200_000_000, MB, MB), "capped");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IterationPolicy(5, 4, 2000, 300));
        assertThrows(IllegalArgumentException.class, () -> new IterationPolicy(1, 4, 2000, 300));
        assertEquals(OptionalLong.of(IterationPolicy.HOLD_MS), IterationPolicy.defaults(300).next(9, 1_000_000, 0, 0), "no rate at all: held");
    }
}
