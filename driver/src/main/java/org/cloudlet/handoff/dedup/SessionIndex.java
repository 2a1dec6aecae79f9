package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.chunk.ChunkFormat;

import java.util.Arrays;

/**
 * The chunks whose bytes have crossed the wire in this session, by hash, and where the destination holds each.
 * Encoder and decoder keep identical copies by applying the same items in the same (wire) order: when an address
 * is overwritten it stops being a source for its old hash, so a SELF reference always resolves to live bytes.
 * <p>
 * Every chunk of a handoff passes through here on both sides (the decoder's copy sits on its one serial
 * thread), so it is two primitive open-addressing tables with linear probing rather than boxed maps:
 * hash → entry (the entry stores the full SHA-256 and its holder's address), and holder address → entry.
 * Only the first address to send a hash holds it; removal shifts later probes back, so no tombstones.
 */
public final class SessionIndex {
    private static final int HASH = ChunkFormat.HASH_SIZE;
    private static final int EMPTY = -1;

    private byte[] hashes = new byte[1024 * HASH]; // entry e: hashes[e*HASH ..)
    private long[] holders = new long[1024];       // entry e: address holding those bytes
    private int[] freeEntries = new int[1024];
    private int freeCount;
    private int entryCount;                         // high-water mark of entry numbers
    private int[] byHash = emptyTable(2048);        // slot → entry
    private long[] addressKeys = new long[2048];    // slot → address
    private int[] byAddress = emptyTable(2048);     // slot → entry
    private int size;

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
        checkHash(hash);
        return find(hash, 0);
    }

    /** The address holding the bytes whose SHA-256 is {@code buf[off..off+32)}, or -1. */
    public long find(byte[] buf, int off) {
        int slot = hashSlot(buf, off);
        return slot < 0 || byHash[slot] == EMPTY ? -1 : holders[byHash[slot]];
    }

    /**
     * Records that {@code address} now holds bytes with {@code hash}; {@code sent} says whether those bytes crossed
     * the wire (raw or delta) and so may be referenced later. Pass a null hash for bytes nobody will reference.
     */
    public void written(long address, byte[] hash, boolean sent) {
        if (sent) {
            checkHash(hash);
        }
        written(address, hash, 0, sent);
    }

    /** As {@link #written(long, byte[], boolean)}, with the SHA-256 at {@code buf[off..off+32)}. */
    public void written(long address, byte[] buf, int off, boolean sent) {
        int aSlot = addressSlot(address);
        if (byAddress[aSlot] != EMPTY) { // this address held some hash: it no longer does
            int entry = byAddress[aSlot];
            removeSlot(byAddress, addressKeys, aSlot);
            removeHashEntry(entry);
        }
        if (!sent) {
            return;
        }
        int hSlot = hashSlot(buf, off);
        if (byHash[hSlot] != EMPTY) {
            return; // the first holder stays the holder
        }
        int entry = newEntry(buf, off, address);
        byHash[hSlot] = entry;
        aSlot = addressSlot(address); // the removal above may have moved slots
        byAddress[aSlot] = entry;
        addressKeys[aSlot] = address;
        if (++size * 3 > byHash.length * 2) {
            grow();
        }
    }

    public int size() {
        return size;
    }

    // ---- entries

    private int newEntry(byte[] hash, int off, long address) {
        int e;
        if (freeCount > 0) {
            e = freeEntries[--freeCount];
        } else {
            e = entryCount++;
            if (e == holders.length) {
                holders = Arrays.copyOf(holders, e * 2);
                hashes = Arrays.copyOf(hashes, e * 2 * HASH);
            }
        }
        System.arraycopy(hash, off, hashes, e * HASH, HASH);
        holders[e] = address;
        return e;
    }

    private void removeHashEntry(int entry) {
        int slot = slotOfEntry(entry);
        removeSlot(byHash, null, slot);
        if (freeCount == freeEntries.length) {
            freeEntries = Arrays.copyOf(freeEntries, freeCount * 2);
        }
        freeEntries[freeCount++] = entry;
        size--;
    }

    // ---- hash table

    private int hashSlot(byte[] hash, int off) {
        int mask = byHash.length - 1;
        int slot = (int) mix(prefix(hash, off)) & mask;
        while (byHash[slot] != EMPTY && !sameHash(byHash[slot], hash, off)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private int slotOfEntry(int entry) {
        int mask = byHash.length - 1;
        int slot = (int) mix(prefix(hashes, entry * HASH)) & mask;
        while (byHash[slot] != entry) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private boolean sameHash(int entry, byte[] hash, int off) {
        return Arrays.equals(hashes, entry * HASH, entry * HASH + HASH, hash, off, off + HASH);
    }

    private int homeOf(int[] table, long[] keys, int slot) {
        long key = keys != null ? keys[slot] : prefix(hashes, table[slot] * HASH);
        return (int) mix(key) & (table.length - 1);
    }

    /** Linear-probing deletion: shifts back every later entry of the run that would otherwise become unreachable. */
    private void removeSlot(int[] table, long[] keys, int hole) {
        int mask = table.length - 1;
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (table[j] == EMPTY) {
                break;
            }
            int home = homeOf(table, keys, j);
            boolean reachable = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!reachable) {
                table[hole] = table[j];
                if (keys != null) {
                    keys[hole] = keys[j];
                }
                hole = j;
            }
        }
        table[hole] = EMPTY;
    }

    // ---- address table

    private int addressSlot(long address) {
        int mask = byAddress.length - 1;
        int slot = (int) mix(address) & mask;
        while (byAddress[slot] != EMPTY && addressKeys[slot] != address) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int[] oldAddress = byAddress;
        long[] oldKeys = addressKeys;
        byHash = emptyTable(byHash.length * 2);
        byAddress = emptyTable(oldAddress.length * 2);
        addressKeys = new long[oldAddress.length * 2];
        for (int i = 0; i < oldAddress.length; i++) {
            int entry = oldAddress[i];
            if (entry != EMPTY) {
                int a = addressSlot(oldKeys[i]);
                byAddress[a] = entry;
                addressKeys[a] = oldKeys[i];
                int mask = byHash.length - 1;
                int h = (int) mix(prefix(hashes, entry * HASH)) & mask;
                while (byHash[h] != EMPTY) {
                    h = (h + 1) & mask;
                }
                byHash[h] = entry;
            }
        }
    }

    private static int[] emptyTable(int n) {
        int[] t = new int[n];
        Arrays.fill(t, EMPTY);
        return t;
    }

    private static long prefix(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    /** SplitMix64's finaliser: addresses are sequential and must still spread over the table. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void checkHash(byte[] hash) {
        if (hash.length != HASH) {
            throw new IllegalArgumentException("hash: " + hash.length + " bytes (expected: " + HASH + ")");
        }
    }
}
