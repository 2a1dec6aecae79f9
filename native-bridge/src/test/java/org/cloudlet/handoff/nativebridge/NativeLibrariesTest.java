package org.cloudlet.handoff.nativebridge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian 12 ships liblzma5 and libbz2-1.0 in every install: the bindings must load and round-trip. */
class NativeLibrariesTest {
    private static byte[] sample() {
        byte[] b = new byte[200_000];
        byte[] text = "the quick brown fox jumps over the lazy dog; ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) {
            b[i] = text[i % text.length];
        }
        return b;
    }

    @Test
    void liblzmaLoadsAndRoundTrips() throws IOException {
        assertTrue(NativeLzma.isAvailable(), "liblzma: " + NativeLzma.unavailableReason());
        byte[] in = sample();
        try (NativeLzmaEncoder enc = NativeLzma.encoder(6)) {
            for (int round = 0; round < 3; round++) { // the reused lzma_stream must give independent streams
                byte[] packed = enc.compress(in, 0, in.length);
                assertTrue(packed.length < in.length / 10, "ratio " + packed.length);
                byte[] out = new byte[in.length];
                NativeLzma.decompress(packed, 0, packed.length, out, in.length);
                assertArrayEquals(in, out);
            }
        }
    }

    @Test
    void liblzmaReportsGarbageWithTheReturnCode() {
        IOException e = assertThrows(IOException.class,
                () -> NativeLzma.decompress(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 0, 12, new byte[10], 10));
        assertTrue(e.getMessage().contains("LZMA_FORMAT_ERROR"), e.getMessage());
    }

    @Test
    void libbz2LoadsAndRoundTrips() throws IOException {
        assertTrue(NativeBzip2.isAvailable(), "libbz2: " + NativeBzip2.unavailableReason());
        byte[] in = sample();
        byte[] packed = NativeBzip2.compress(in, 0, in.length, 9);
        byte[] out = new byte[in.length];
        NativeBzip2.decompress(packed, 0, packed.length, out, in.length);
        assertArrayEquals(in, out);
        IOException e = assertThrows(IOException.class,
                () -> NativeBzip2.decompress(packed, 0, packed.length / 2, new byte[in.length], in.length));
        assertTrue(e.getMessage().contains("BZ_UNEXPECTED_EOF"), e.getMessage());
    }

    @Test
    void dictionaryNeverExceedsTheInputsPowerOfTwo() {
        assertEquals(1 << 20, NativeLzma.dictionarySize(64 << 20, 1 << 20));
        assertEquals(2 << 20, NativeLzma.dictionarySize(64 << 20, (1 << 20) + 1));
        assertEquals(1 << 20, NativeLzma.dictionarySize(1 << 20, 8 << 20));
        assertEquals(4096, NativeLzma.dictionarySize(8 << 20, 10));
    }
}
