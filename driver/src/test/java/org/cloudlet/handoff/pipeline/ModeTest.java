package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModeTest {

    @Test
    void parsesTheDocumentedNames() {
        assertEquals(new Mode(DeltaAlgorithm.NONE, CodecId.NONE, 0), Mode.parse("none"));
        assertEquals(new Mode(DeltaAlgorithm.NONE, CodecId.GZIP, 6), Mode.parse("gzip-6"));
        assertEquals(new Mode(DeltaAlgorithm.NONE, CodecId.ZSTD, 3), Mode.parse("zstd-3"));
        assertEquals(new Mode(DeltaAlgorithm.XOR, CodecId.LZMA, 9), Mode.parse("xor+lzma-9"));
        assertEquals(new Mode(DeltaAlgorithm.BSDIFF, CodecId.BZIP2, 9), Mode.parse("bsdiff+bzip2-9"));
        assertEquals(new Mode(DeltaAlgorithm.XDELTA3, CodecId.GZIP, 1), Mode.parse("xdelta3+gzip-1"));
        assertEquals(new Mode(DeltaAlgorithm.NONE, CodecId.LZ4, 0), Mode.parse("lz4"));
        assertEquals(new Mode(DeltaAlgorithm.XOR, CodecId.NONE, 0), Mode.parse("xor"));
        assertEquals(new Mode(DeltaAlgorithm.NONE, CodecId.ZSTD, 3), Mode.parse("zstd"));
    }

    @Test
    void everyModeNameParsesBackToItself() {
        for (Mode m : Mode.all()) {
            assertEquals(m, Mode.parse(m.name()), m.name());
        }
        // 4 deltas x (none + gzip 9 + bzip2 9 + lzma 9 + zstd 19 + lz4)
        assertEquals(4 * (1 + 9 + 9 + 9 + 19 + 1), Mode.all().size());
    }

    @Test
    void badNamesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.parse("zstd-20")).getMessage().contains("expected: 1-19"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.parse("gzip-0")).getMessage().contains("expected: 1-9"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.parse("brotli-5")).getMessage().contains("unknown compressor 'brotli'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.parse("rle+zstd-3")).getMessage().contains("unknown delta 'rle'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.parse("lz4-3")).getMessage().contains("takes no level"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.parse("gzip-x")).getMessage().contains("not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mode.parse("xor+xor+gzip")).getMessage().contains("at most one"));
    }
}
