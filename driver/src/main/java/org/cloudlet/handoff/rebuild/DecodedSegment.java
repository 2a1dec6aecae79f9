package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;

import org.cloudlet.handoff.delta.DeltaAlgorithm;

import java.util.Arrays;

/**
 * One segment after decompression and parallel rebuilding: for each item in wire order, its address and where its
 * verified bytes are — in the segment (RAW), in the arena (DELTA, and BASE_* as read from the base), nowhere (ZERO),
 * or still to be resolved in order (SELF).
 */
final class DecodedSegment {
    final int sequence;
    final long frameOffset;
    final byte[] raw;
    int count;
    ItemKind[] kinds;
    Space[] spaces;
    long[] indices;
    int[] hashOffsets;
    int[] dataOffsets;
    /** PREV items: their delta's length and algorithm (the delta is in {@code raw} at {@code dataOffsets}). */
    int[] deltaLengths;
    DeltaAlgorithm[] deltaAlgorithms;
    byte[] arena;
    int arenaUsed;
    /** SHA-256 of each RAW and DELTA item's rebuilt chunk at 32 × its item number (they are not on the wire). */
    byte[] hashes;
    long rebuiltBytes;

    DecodedSegment(int sequence, long frameOffset, byte[] raw, byte[] arena, int expectedItems) {
        this.sequence = sequence;
        this.frameOffset = frameOffset;
        this.raw = raw;
        this.arena = arena;
        int n = Math.max(16, expectedItems);
        kinds = new ItemKind[n];
        spaces = new Space[n];
        indices = new long[n];
        hashOffsets = new int[n];
        dataOffsets = new int[n];
        deltaLengths = new int[n];
        deltaAlgorithms = new DeltaAlgorithm[n];
        hashes = new byte[n * ChunkFormat.HASH_SIZE];
    }

    int add(ItemKind kind, Space space, long index, int hashOffset) {
        if (count == kinds.length) {
            int n = count * 2;
            kinds = Arrays.copyOf(kinds, n);
            spaces = Arrays.copyOf(spaces, n);
            indices = Arrays.copyOf(indices, n);
            hashOffsets = Arrays.copyOf(hashOffsets, n);
            dataOffsets = Arrays.copyOf(dataOffsets, n);
            deltaLengths = Arrays.copyOf(deltaLengths, n);
            deltaAlgorithms = Arrays.copyOf(deltaAlgorithms, n);
            hashes = Arrays.copyOf(hashes, n * ChunkFormat.HASH_SIZE);
        }
        kinds[count] = kind;
        spaces[count] = space;
        indices[count] = index;
        hashOffsets[count] = hashOffset;
        if (space != null) { // null: an opaque run, whose offset and length go in dataOffsets and indices
            rebuiltBytes += space.chunkLength(index);
        }
        return count++;
    }

    /** Room for {@code len} more arena bytes; returns where they go. */
    int reserveArena(int len) {
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        int at = arenaUsed;
        arenaUsed += len;
        return at;
    }
}
