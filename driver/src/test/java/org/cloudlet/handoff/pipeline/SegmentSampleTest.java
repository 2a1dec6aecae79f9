package org.cloudlet.handoff.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentSampleTest {
    @Test
    void keepsACopyOfTheFirstSegmentThenAtMostOneEachInterval() {
        SegmentSample s = new SegmentSample();
        byte[] raw = {1, 2, 3, 4, 5};
        s.offer(raw, 3);
        raw[0] = 9; // the worker reuses its buffer
        s.offer(raw, 5); // within the interval: not kept
        assertEquals(1, s.snapshot().size());
        assertArrayEquals(new byte[]{1, 2, 3}, s.snapshot().get(0));
    }
}
