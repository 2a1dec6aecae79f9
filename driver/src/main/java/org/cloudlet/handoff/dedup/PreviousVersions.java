package org.cloudlet.handoff.dedup;

import org.cloudlet.handoff.chunk.OffHeapChunks;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes the destination holds at addresses it received as data (raw, delta or previous-version delta) in this
 * session, the most recently sent {@code capacity} of them, so a page sent again can go as a delta against its
 * previous version. In a live migration the pages sent in every later pass are the ones the guest keeps writing,
 * mostly as they were: against the base they are new, against their previous version a few changed words (what
 * QEMU's xbzrle cache exploits). Kept in wire order by the serial stage, so it is what the receiver holds.
 */
final class PreviousVersions {
    private final int capacity;
    /** Address → its slot in {@link #store}, least recently sent first. */
    private final LinkedHashMap<Long, Integer> slots;
    /** The bytes, off the heap: kept for most of a handoff, they were the source's surviving young objects. */
    private final OffHeapChunks store;
    private final int[] lengths;
    private final int[] free;
    private int freeCount;
    private int fresh;

    PreviousVersions(int capacity) {
        this.capacity = capacity;
        this.store = new OffHeapChunks(capacity);
        this.lengths = new int[capacity];
        this.free = new int[capacity];
        this.slots = new LinkedHashMap<>();
    }

    /**
     * Copies what {@code address} holds into {@code dst} and returns its length, if it was sent as data and is still
     * kept; -1 otherwise.
     */
    int get(long address, byte[] dst) {
        Integer slot = capacity == 0 ? null : slots.get(address);
        if (slot == null) {
            return -1;
        }
        store.get(slot, dst, 0, lengths[slot]);
        return lengths[slot];
    }

    /** {@code address} now holds {@code data[0..len)}, sent as data. */
    void sent(long address, byte[] data, int len) {
        if (capacity == 0) {
            return;
        }
        Integer slot = slots.remove(address); // re-inserted: the most recently sent are kept
        int s = slot != null ? slot : takeSlot();
        store.put(s, data, 0, len);
        lengths[s] = len;
        slots.put(address, s);
    }

    /** {@code address} now holds something else (zeros, base bytes, a copy): no previous version to use. */
    void overwritten(long address) {
        if (capacity > 0) {
            Integer slot = slots.remove(address);
            if (slot != null) {
                free[freeCount++] = slot;
            }
        }
    }

    /** A slot for a new address: a freed one, an unused one, or the least recently sent address's. */
    private int takeSlot() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (fresh < capacity) {
            return fresh++;
        }
        Iterator<Map.Entry<Long, Integer>> eldest = slots.entrySet().iterator();
        int slot = eldest.next().getValue();
        eldest.remove();
        return slot;
    }
}
