package org.cloudlet.handoff.chunk;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Numbered chunk-sized slots kept outside the Java heap, in 1 MiB slabs allocated as they are first written. For the
 * bytes a handoff holds for its whole length, a page each: as 4 KiB arrays on the heap they were hundreds of
 * thousands of objects born young and kept, which every young collection copied until it promoted them (seen:
 * 150-400 ms pauses every 2-3 s in both daemons, with 145-160 MB surviving each collection, and the destination's
 * acknowledgements, so the link, stopped for each pause). Written by one thread at a time, as its users are.
 */
public final class OffHeapChunks {
    private static final int SLAB_SHIFT = 8;
    private static final int SLAB_CHUNKS = 1 << SLAB_SHIFT; // 1 MiB of 4 KiB chunks
    private static final int SIZE = ChunkFormat.CHUNK_SIZE;

    private final long slots;
    private ByteBuffer[] slabs;

    public OffHeapChunks(long slots) {
        if (slots < 0) {
            throw new IllegalArgumentException("slots " + slots);
        }
        this.slots = slots;
        this.slabs = new ByteBuffer[Math.toIntExact((slots + SLAB_CHUNKS - 1) >>> SLAB_SHIFT)];
    }

    /** Slot {@code slot} holds {@code src[off..off+len)} (at most a chunk) from now on. */
    public void put(long slot, byte[] src, int off, int len) {
        checkLength(len);
        ByteBuffer slab = slab(slot, true);
        slab.put(offset(slot), src, off, len);
    }

    /** Copies the first {@code len} bytes of slot {@code slot} into {@code dst[off..)}; a slot never written reads as zeros. */
    public void get(long slot, byte[] dst, int off, int len) {
        checkLength(len);
        ByteBuffer slab = slab(slot, false);
        if (slab == null) {
            Arrays.fill(dst, off, off + len, (byte) 0);
        } else {
            slab.get(offset(slot), dst, off, len);
        }
    }

    /** Drops every slab; the memory goes back once the collector has seen the buffers unreachable. */
    public void clear() {
        slabs = new ByteBuffer[slabs.length];
    }

    private ByteBuffer slab(long slot, boolean create) {
        if (slot < 0 || slot >= slots) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + slots);
        }
        int s = (int) (slot >>> SLAB_SHIFT);
        ByteBuffer slab = slabs[s];
        if (slab == null && create) {
            int chunks = (int) Math.min(SLAB_CHUNKS, slots - ((long) s << SLAB_SHIFT));
            slab = slabs[s] = ByteBuffer.allocateDirect(chunks * SIZE);
        }
        return slab;
    }

    private static int offset(long slot) {
        return (int) (slot & (SLAB_CHUNKS - 1)) * SIZE;
    }

    private static void checkLength(int len) {
        if (len < 0 || len > SIZE) {
            throw new IllegalArgumentException("length " + len + " (a chunk holds at most " + SIZE + ")");
        }
    }
}
