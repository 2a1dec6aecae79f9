package org.cloudlet.handoff.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModeSwitchTest {
    @Test
    void theFillTakesItsShareOfSegmentsEvenlyWithTheModesDelta() {
        ModeSwitch mode = new ModeSwitch(Mode.parse("xor+bzip2-5"));
        mode.fill(Mode.parse("bsdiff+zstd-9"), 0.3); // a fill's own delta does not count: the segment has the mode's
        int filled = 0;
        int longestRun = 0;
        int run = 0;
        for (int i = 0; i < 1000; i++) {
            ModeSwitch.Pick p = mode.forSegment();
            if (p.fill()) {
                assertEquals(Mode.parse("xor+zstd-9"), p.mode());
                filled++;
                run = 0;
            } else {
                assertEquals(Mode.parse("xor+bzip2-5"), p.mode());
                longestRun = Math.max(longestRun, ++run);
            }
        }
        assertEquals(300, filled, 1);
        assertEquals(3, longestRun, "spread, not bunched");
    }

    @Test
    void noFillOrNoShareLeavesEverySegmentToTheMode() {
        ModeSwitch mode = new ModeSwitch(Mode.parse("lzma-3"));
        for (int i = 0; i < 10; i++) {
            assertFalse(mode.forSegment().fill());
        }
        mode.fill(Mode.parse("zstd-1"), 0);
        for (int i = 0; i < 10; i++) {
            assertFalse(mode.forSegment().fill());
        }
        mode.fill(null, 0.4);
        assertEquals(0, mode.fillShare());
        assertFalse(mode.forSegment().fill());
        assertThrows(IllegalArgumentException.class, () -> mode.fill(Mode.parse("zstd-1"), 1.5));
    }
}
