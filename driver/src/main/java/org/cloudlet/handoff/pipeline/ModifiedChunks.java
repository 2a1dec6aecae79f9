package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.chunk.ChunkFormat;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The modified state of a handoff, the yardstick for its bytes on the wire: the addresses whose latest bytes are
 * neither zero nor equal to the base's bytes at that address. A page written several times counts once, as it
 * ends up. Updated by the serial self-dedup stage in wire order.
 */
public final class ModifiedChunks {
    private BitSet[] spaces = new BitSet[4];

    public synchronized void update(int space, long index, boolean modified) {
        if (space >= spaces.length) {
            spaces = Arrays.copyOf(spaces, Math.max(spaces.length * 2, space + 1));
        }
        if (spaces[space] == null) {
            spaces[space] = new BitSet();
        }
        spaces[space].set(Math.toIntExact(index), modified);
    }

    /** Modified chunks × the chunk size. */
    public synchronized long bytes() {
        long n = 0;
        for (BitSet b : spaces) {
            n += b == null ? 0 : b.cardinality();
        }
        return n * ChunkFormat.CHUNK_SIZE;
    }
}
