package org.cloudlet.handoff.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentSampleTest {
    @Test
    void keepsACopyOfTheFirstSegmentThenAtMostOneEachInterval() {
        SegmentSample s = new SegmentSample();
        byte[] raw = new byte[SegmentSample.MIN_LENGTH + 8];
        raw[0] = 1;
        s.offer(raw, SegmentSample.MIN_LENGTH);
        raw[0] = 9; // the worker reuses its buffer
        s.offer(raw, raw.length); // within the interval: not kept
        assertEquals(1, s.copies().size());
        assertEquals(SegmentSample.MIN_LENGTH, s.copies().get(0).raw().length);
        assertEquals(1, s.copies().get(0).raw()[0]);
    }

    @Test
    void aSegmentOfReferencesIsNoSample() {
        SegmentSample s = new SegmentSample();
        s.offer(new byte[20_000], 20_000); // 4096 base references: how compressors compare on it says nothing
        assertEquals(0, s.copies().size());
        byte[] data = new byte[SegmentSample.MIN_LENGTH];
        s.offer(data, data.length); // the next real segment is still taken
        assertArrayEquals(data, s.copies().get(0).raw());
    }

    @Test
    void aCopyKeepsWhatTheStagesCompressorMadeOfIt() {
        SegmentSample s = new SegmentSample();
        byte[] raw = new byte[SegmentSample.MIN_LENGTH];
        assertTrue(s.due(raw.length));
        s.offer(raw, raw.length, Mode.parse("xor+bzip2-9"), 1234);
        assertFalse(s.due(raw.length)); // one copy per interval
        SegmentSample.Copy c = s.copies().get(0);
        assertTrue(c.packedWith(Mode.parse("bzip2-9"))); // the compressor and level, whatever the delta
        assertFalse(c.packedWith(Mode.parse("bzip2-8")));
        assertEquals(1234, c.packed());
        assertFalse(SegmentSample.Copy.unmeasured(raw).packedWith(Mode.parse("bzip2-9")));
    }

    @Test
    void theSegmentThatArrivedFirstIsKeptThoughAnotherWasCompressedFirst() {
        SegmentSample s = new SegmentSample();
        byte[] hard = new byte[SegmentSample.MIN_LENGTH];
        hard[0] = 1;
        byte[] easy = new byte[SegmentSample.MIN_LENGTH];
        easy[0] = 2;
        assertTrue(s.claim(hard.length)); // arrives first at one worker, compresses slowly
        assertFalse(s.claim(easy.length), "the interval's place is taken");
        s.offer(easy, easy.length, Mode.parse("lzma-3"), 1000); // another worker finishes an easy one meanwhile
        s.keep(hard, hard.length, Mode.parse("lzma-3"), 200_000);
        assertEquals(1, s.copies().size());
        assertEquals(1, s.copies().get(0).raw()[0], "the one that arrived, not the one the compressor was quickest on");
        assertEquals(200_000, s.copies().get(0).packed());
    }
}
