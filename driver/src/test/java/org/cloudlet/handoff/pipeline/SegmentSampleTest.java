package org.cloudlet.handoff.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentSampleTest {
    @Test
    void keepsACopyOfTheFirstSegmentThenAtMostOneEachInterval() {
        SegmentSample s = new SegmentSample();
        byte[] raw = new byte[SegmentSample.MIN_LENGTH + 8];
        raw[0] = 1;
        s.offer(raw, SegmentSample.MIN_LENGTH);
        raw[0] = 9; // the worker reuses its buffer
        s.offer(raw, raw.length); // within the interval: not kept
        assertEquals(1, s.snapshot().size());
        assertEquals(SegmentSample.MIN_LENGTH, s.snapshot().get(0).length);
        assertEquals(1, s.snapshot().get(0)[0]);
    }

    @Test
    void aSegmentOfReferencesIsNoSample() {
        SegmentSample s = new SegmentSample();
        s.offer(new byte[20_000], 20_000); // 4096 base references: how compressors compare on it says nothing
        assertEquals(0, s.snapshot().size());
        byte[] data = new byte[SegmentSample.MIN_LENGTH];
        s.offer(data, data.length); // the next real segment is still taken
        assertArrayEquals(data, s.snapshot().get(0));
    }
}
