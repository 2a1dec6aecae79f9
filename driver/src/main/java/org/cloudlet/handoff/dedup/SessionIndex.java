package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.chunk.ChunkFormat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The chunks whose bytes have crossed the wire in this session, by hash, and where the destination holds each.
 * Encoder and decoder keep identical copies by applying the same items in the same (wire) order: when an address
 * is overwritten it stops being a source for its old hash, so a SELF reference always resolves to live bytes.
 */
public final class SessionIndex {
    private final Map<Key, Long> holderByHash = new HashMap<>();
    private final Map<Long, Key> hashByAddress = new HashMap<>();

    /** Packs (space, chunk index) into one long: 8 bits of space, 56 of index. */
    public static long address(int space, long index) {
        return ((long) space << 56) | index;
    }

    public static int spaceOf(long address) {
        return (int) (address >>> 56);
    }

    public static long indexOf(long address) {
        return address & ((1L << 56) - 1);
    }

    /** The address holding these bytes, or -1. */
    public long find(byte[] hash) {
        Long a = holderByHash.get(new Key(hash));
        return a == null ? -1 : a;
    }

    /**
     * Records that {@code address} now holds bytes with {@code hash}; {@code sent} says whether those bytes crossed
     * the wire (raw or delta) and so may be referenced later. Pass a null hash for bytes nobody will reference.
     */
    public void written(long address, byte[] hash, boolean sent) {
        Key old = hashByAddress.remove(address);
        if (old != null) {
            holderByHash.remove(old, address);
        }
        if (sent) {
            Key k = new Key(hash.clone());
            hashByAddress.put(address, k);
            holderByHash.putIfAbsent(k, address);
        }
    }

    public int size() {
        return holderByHash.size();
    }

    private static final class Key {
        private final byte[] hash;
        private final int hashCode;

        Key(byte[] hash) {
            if (hash.length != ChunkFormat.HASH_SIZE) {
                throw new IllegalArgumentException("hash: " + hash.length + " bytes (expected: " + ChunkFormat.HASH_SIZE + ")");
            }
            this.hash = hash;
            this.hashCode = (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(hash, k.hash);
        }

        @Override
        public int hashCode() {
            return hashCode;
        }
    }
}
