package org.cloudlet.handoff.chunk;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Slots keep what was last put in them, across slab boundaries; unwritten ones read as zeros; bounds are checked. */
class OffHeapChunksTest {
    private static final int C = ChunkFormat.CHUNK_SIZE;

    @Test
    void eachSlotReadsBackWhatWasLastPutInIt() {
        Random random = new Random(11);
        int slots = 700; // two full slabs and a short third
        OffHeapChunks store = new OffHeapChunks(slots);
        byte[][] expected = new byte[slots][];
        for (int round = 0; round < 3000; round++) {
            int slot = random.nextInt(slots);
            byte[] data = new byte[C];
            random.nextBytes(data);
            int off = random.nextInt(C / 2);
            int len = Math.min(C, C - off + random.nextInt(off + 1)); // some shorter than a chunk
            byte[] src = new byte[off + len];
            System.arraycopy(data, 0, src, off, len);
            store.put(slot, src, off, len);
            expected[slot] = java.util.Arrays.copyOf(data, len);
        }
        for (int slot = 0; slot < slots; slot++) {
            byte[] want = expected[slot] != null ? expected[slot] : new byte[C];
            byte[] read = new byte[want.length + 3];
            store.get(slot, read, 3, want.length);
            assertArrayEquals(want, java.util.Arrays.copyOfRange(read, 3, read.length), "slot " + slot);
        }
    }

    @Test
    void slotsOutsideTheStoreAndOversizedChunksAreRefused() {
        OffHeapChunks store = new OffHeapChunks(10);
        byte[] b = new byte[C + 1];
        assertThrows(IndexOutOfBoundsException.class, () -> store.put(10, b, 0, C));
        assertThrows(IndexOutOfBoundsException.class, () -> store.get(-1, b, 0, C));
        assertThrows(IllegalArgumentException.class, () -> store.put(0, b, 0, C + 1));
    }
}
