package org.cloudlet.handoff.adapt;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IterationPolicyTest {
    private static final double MB = 1e6;

    @Test
    void waitsForTheSoftIterationThenEndsWhenTheRestFitsTheTarget() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        assertEquals(OptionalLong.empty(), p.next(2, 1_000_000, MB), "before the soft iteration QEMU decides");
        assertEquals(OptionalLong.empty(), p.next(3, 10_000_000, MB), "10 s left: not within the 2 s target yet");
        assertEquals(OptionalLong.of(1875), p.next(4, 1_500_000, MB), "1.5 s left (+25 %): fits, QEMU may switch over");
        assertEquals(OptionalLong.empty(), p.next(4, 1_000_000, MB), "only ever raised");
        assertEquals(1875, p.limitMs());
    }

    @Test
    void aGuestThatOutrunsTheLinkIsMadeToEndAtTheHardIteration() {
        IterationPolicy p = new IterationPolicy(3, 8, 2000, 300);
        for (int i = 1; i < 8; i++) {
            assertEquals(OptionalLong.empty(), p.next(i, 20_000_000, MB), "iteration " + i);
        }
        assertEquals(OptionalLong.of(25_000), p.next(8, 20_000_000, MB));
        assertEquals(OptionalLong.of(IterationPolicy.MAX_LIMIT_MS), p.next(9, 200_000_000, MB), "capped");
    }

    @Test
    void nothingToGoByNothingSet() {
        IterationPolicy p = IterationPolicy.defaults(300);
        assertEquals(OptionalLong.empty(), p.next(9, 1_000_000, 0));
        assertEquals(OptionalLong.empty(), p.next(9, 0, MB));
        assertEquals(OptionalLong.empty(), p.next(9, 100_000, MB), "125 ms: below QEMU's own 300 ms");
        assertThrows(IllegalArgumentException.class, () -> new IterationPolicy(5, 4, 2000, 300));
    }
}
