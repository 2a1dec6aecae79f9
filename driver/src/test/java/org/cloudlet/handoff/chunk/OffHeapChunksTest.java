package org.cloudlet.handoff.chunk;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slots keep what was last put in them, across slab boundaries; unwritten ones read as zeros; sparse slots hold only their bytes; bounds are checked. */
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
    void slotsWrittenFarApartHoldNoMoreThanTheirOwnBytes() {
        int slots = 1 << 18; // a 1 GiB guest's pages
        OffHeapChunks store = new OffHeapChunks(slots);
        byte[] page = new byte[C];
        int written = 0;
        for (int slot = 5; slot < slots; slot += 17) { // one page in 17, as an evenly spread sample takes them
            page[0] = (byte) slot;
            store.put(slot, page, 0, C);
            written++;
        }
        store.put(5, page, 0, C); // written again: the same place
        long slab = 256L * C;
        assertTrue(store.allocatedBytes() <= (long) written * C + slab, store.allocatedBytes() + " bytes for " + written + " pages");
        byte[] read = new byte[C];
        store.get(5 + 17 * 100, read, 0, C);
        assertEquals((byte) (5 + 17 * 100), read[0]);
        store.get(6, read, 0, C);
        assertArrayEquals(new byte[C], read, "never written: zeros");
        store.clear();
        assertEquals(0, store.allocatedBytes());
        store.get(5, read, 0, C);
        assertArrayEquals(new byte[C], read, "cleared: zeros");
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
