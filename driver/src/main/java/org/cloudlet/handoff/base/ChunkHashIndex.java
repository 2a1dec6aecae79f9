package org.cloudlet.handoff.base;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ChunkHashes;

/**
 * The SHA-256 of every chunk of one base file, in address order, plus an open-addressing table from hash to the
 * first chunk holding it. Read-only once built, so every pipeline worker may share it.
 */
public final class ChunkHashIndex {
    private static final int EMPTY = -1;

    private final long length;
    private final int count;
    private final byte[] hashes;
    private final int[] slots;
    private final int mask;

    /** Wraps {@code hashes} (32 bytes per chunk, {@code chunkCount(length)} chunks) without copying. */
    public ChunkHashIndex(long length, byte[] hashes) {
        long expected = ChunkFormat.chunkCount(length);
        if (expected * ChunkFormat.HASH_SIZE != hashes.length) {
            throw new IllegalArgumentException("hashes: " + hashes.length + " bytes (expected: " + expected * ChunkFormat.HASH_SIZE + " for " + length + " bytes)");
        }
        this.length = length;
        this.count = (int) expected;
        this.hashes = hashes;
        int tableSize = Integer.highestOneBit(Math.max(16, count * 2 - 1)) << 1;
        this.slots = new int[tableSize];
        this.mask = tableSize - 1;
        java.util.Arrays.fill(slots, EMPTY);
        for (int i = 0; i < count; i++) {
            insertFirst(i);
        }
    }

    /** Largest base file an index can describe: hashes live in one Java array. */
    public static long maxLength() {
        return ((long) (Integer.MAX_VALUE / ChunkFormat.HASH_SIZE)) << ChunkFormat.CHUNK_SHIFT;
    }

    private void insertFirst(int index) {
        int off = index * ChunkFormat.HASH_SIZE;
        int slot = slotOf(hashes, off);
        while (slots[slot] != EMPTY) {
            if (ChunkHashes.equalsAt(hashes, slots[slot] * ChunkFormat.HASH_SIZE, hashes, off)) {
                return; // keep the first chunk with these bytes
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = index;
    }

    private int slotOf(byte[] h, int off) {
        // SHA-256 output is uniform: its first four bytes are as good a slot as any mix of them.
        int v = ((h[off] & 0xff) << 24) | ((h[off + 1] & 0xff) << 16) | ((h[off + 2] & 0xff) << 8) | (h[off + 3] & 0xff);
        return v & mask;
    }

    public long length() {
        return length;
    }

    public int chunkCount() {
        return count;
    }

    /** The hashes, 32 bytes per chunk. Not a copy: do not modify. */
    byte[] hashBytes() {
        return hashes;
    }

    public byte[] hashAt(long index) {
        checkIndex(index);
        int off = (int) index * ChunkFormat.HASH_SIZE;
        return java.util.Arrays.copyOfRange(hashes, off, off + ChunkFormat.HASH_SIZE);
    }

    /** True when chunk {@code index} exists and has exactly this hash. */
    public boolean hashEquals(long index, byte[] hash) {
        if (index < 0 || index >= count) {
            return false;
        }
        return ChunkHashes.equalsAt(hashes, (int) index * ChunkFormat.HASH_SIZE, hash, 0);
    }

    /** The first chunk with this hash, or -1. */
    public long find(byte[] hash) {
        int slot = slotOf(hash, 0);
        int candidate;
        while ((candidate = slots[slot]) != EMPTY) {
            if (ChunkHashes.equalsAt(hashes, candidate * ChunkFormat.HASH_SIZE, hash, 0)) {
                return candidate;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("chunk index: " + index + " (expected: 0-" + (count - 1) + ")");
        }
    }
}
