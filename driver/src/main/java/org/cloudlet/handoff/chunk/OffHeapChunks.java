package org.cloudlet.handoff.chunk;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Numbered chunk-sized slots kept outside the Java heap, in 1 MiB slabs filled in the order slots are first written,
 * so the memory held is what was written however the slots are spread: a VM's modified pages lie all over its
 * memory, and slabs by slot number were each allocated and zeroed whole for a page or two (seen: the profiler's
 * 15,500-page sample of a 1 GiB guest decoded at 45 MB/s whatever the compressor, 9.7 of its 24 CPU seconds in the
 * kernel, faulting in 1 GiB of slabs per run). Off the heap because, as 4 KiB arrays on the heap, the pages a handoff holds for
 * its whole length were hundreds of thousands of objects born young and kept, which every young collection copied
 * until it promoted them (seen: 150-400 ms pauses every 2-3 s in both daemons, with 145-160 MB surviving each
 * collection, and the destination's acknowledgements, so the link, stopped for each pause). Written by one thread at
 * a time, as its users are.
 */
public final class OffHeapChunks {
    private static final int SLAB_SHIFT = 8;
    private static final int SLAB_CHUNKS = 1 << SLAB_SHIFT; // 1 MiB of 4 KiB chunks
    private static final int SIZE = ChunkFormat.CHUNK_SIZE;

    /** Slot → 1 + its place among the slots in the order they were first written; 0: never written. */
    private final int[] places;
    private ByteBuffer[] slabs = new ByteBuffer[0];
    private int used;

    public OffHeapChunks(long slots) {
        if (slots < 0 || slots >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("slots " + slots);
        }
        this.places = new int[(int) slots];
    }

    /** Slot {@code slot} holds {@code src[off..off+len)} (at most a chunk) from now on. */
    public void put(long slot, byte[] src, int off, int len) {
        checkLength(len);
        int i = index(slot);
        int place = places[i];
        if (place == 0) {
            place = places[i] = ++used;
        }
        int p = place - 1;
        slab(p).put(offset(p), src, off, len);
    }

    /** Copies the first {@code len} bytes of slot {@code slot} into {@code dst[off..)}; a slot never written reads as zeros. */
    public void get(long slot, byte[] dst, int off, int len) {
        checkLength(len);
        int place = places[index(slot)];
        if (place == 0) {
            Arrays.fill(dst, off, off + len, (byte) 0);
        } else {
            int p = place - 1;
            slabs[p >>> SLAB_SHIFT].get(offset(p), dst, off, len);
        }
    }

    /** Bytes of slabs held: a slab's worth at most beyond the slots written. */
    public long allocatedBytes() {
        long bytes = 0;
        for (ByteBuffer slab : slabs) {
            bytes += slab == null ? 0 : slab.capacity();
        }
        return bytes;
    }

    /** Drops every slab; the memory goes back once the collector has seen the buffers unreachable. */
    public void clear() {
        Arrays.fill(places, 0);
        slabs = new ByteBuffer[0];
        used = 0;
    }

    private int index(long slot) {
        if (slot < 0 || slot >= places.length) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + places.length);
        }
        return (int) slot;
    }

    /** The slab holding place {@code p}, allocated as the places reach it. */
    private ByteBuffer slab(int p) {
        int s = p >>> SLAB_SHIFT;
        if (s >= slabs.length) {
            slabs = Arrays.copyOf(slabs, Math.max(s + 1, slabs.length * 2));
        }
        ByteBuffer slab = slabs[s];
        if (slab == null) {
            int chunks = Math.min(SLAB_CHUNKS, places.length - (s << SLAB_SHIFT));
            slab = slabs[s] = ByteBuffer.allocateDirect(chunks * SIZE);
        }
        return slab;
    }

    private static int offset(int p) {
        return (p & (SLAB_CHUNKS - 1)) * SIZE;
    }

    private static void checkLength(int len) {
        if (len < 0 || len > SIZE) {
            throw new IllegalArgumentException("length " + len + " (a chunk holds at most " + SIZE + ")");
        }
    }
}
