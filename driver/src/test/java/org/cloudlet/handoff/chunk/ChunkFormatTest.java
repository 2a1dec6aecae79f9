package org.cloudlet.handoff.chunk;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChunkFormatTest {
    @Test
    void nonZeroBytesCountsEveryByteThatIsNotZero() {
        Random r = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            byte[] b = new byte[ChunkFormat.CHUNK_SIZE + 16];
            double density = r.nextDouble();
            for (int i = 0; i < b.length; i++) {
                // every byte value, 0x80 and 0x7F and 0x01 included, at every density
                b[i] = r.nextDouble() < density ? (byte) (1 + r.nextInt(255)) : 0;
            }
            int off = r.nextInt(16);
            int len = r.nextInt(ChunkFormat.CHUNK_SIZE + 1);
            int expected = 0;
            for (int i = off; i < off + len; i++) {
                expected += b[i] != 0 ? 1 : 0;
            }
            assertEquals(expected, ChunkFormat.nonZeroBytes(b, off, len), "trial " + trial + ", offset " + off + ", length " + len);
        }
        byte[] high = new byte[64];
        java.util.Arrays.fill(high, (byte) 0x80);
        assertEquals(64, ChunkFormat.nonZeroBytes(high, 0, 64));
    }
}
