package org.cloudlet.handoff.delta;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which deltas go out instead of the chunk: one that says the chunk resembles its base, not one that is merely a
 * few bytes shorter than the chunk while carrying the base's bytes too.
 */
class DeltaWorthTest {
    private static byte[] text(long seed, int from, int to) {
        Random r = new Random(seed);
        byte[] page = new byte[ChunkFormat.CHUNK_SIZE];
        String[] words = {"handoff", "cloudlet", "segment", "window", "page", "delta", "the", "of", "and"};
        StringBuilder b = new StringBuilder();
        while (b.length() < to - from) {
            b.append(words[r.nextInt(words.length)]).append(' ');
        }
        System.arraycopy(b.toString().getBytes(StandardCharsets.US_ASCII), 0, page, from, to - from);
        return page;
    }

    private static byte[] xor(byte[] base, byte[] page) throws Exception {
        return Deltas.open(DeltaAlgorithm.XOR).encode(base, base.length, page, page.length, DeltaStage.limit(page.length));
    }

    @Test
    void aSmallEditOfTheBasePageGoesAsADelta() throws Exception {
        byte[] base = text(1, 0, 4096);
        byte[] page = base.clone();
        for (int i = 100; i < 160; i++) {
            page[i] ^= 0x20;
        }
        byte[] d = xor(base, page);
        assertTrue(d != null && DeltaStage.worthIt(d.length, page, page.length), "delta of " + (d == null ? -1 : d.length) + " bytes");
    }

    @Test
    void aNewPageOverAnUnrelatedBasePageGoesRaw() throws Exception {
        // the base page held text in its first half, the new one holds other text in its second: the xor is shorter
        // than the page by the shared zero bytes, yet carries both texts
        byte[] base = text(2, 0, 2400);
        byte[] page = text(3, 1700, 4096);
        byte[] d = xor(base, page);
        assertTrue(d != null && d.length < DeltaStage.limit(page.length), "premise: smaller than raw, " + (d == null ? -1 : d.length));
        assertFalse(DeltaStage.worthIt(d.length, page, page.length), "delta of " + d.length + " bytes for a page with "
                + ChunkFormat.nonZeroBytes(page, 0, page.length) + " non-zero bytes");
    }

    @Test
    void anAlmostEmptyPageMayStillGoAsATinyDelta() {
        byte[] page = new byte[ChunkFormat.CHUNK_SIZE];
        page[10] = 1;
        assertTrue(DeltaStage.worthIt(8, page, page.length), "framing-sized deltas of sparse pages are fine");
    }
}
