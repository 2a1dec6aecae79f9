package org.cloudlet.handoff.dedup;

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
    private final LinkedHashMap<Long, byte[]> bytes;

    PreviousVersions(int capacity) {
        this.capacity = capacity;
        this.bytes = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                return size() > PreviousVersions.this.capacity;
            }
        };
    }

    /** What {@code address} holds, if it was sent as data and is still kept; null otherwise. */
    byte[] get(long address) {
        return capacity == 0 ? null : bytes.get(address);
    }

    /** {@code address} now holds {@code data[0..len)}, sent as data. */
    void sent(long address, byte[] data, int len) {
        if (capacity == 0) {
            return;
        }
        byte[] copy = bytes.remove(address); // re-inserted: the most recently sent are kept
        if (copy == null || copy.length != len) {
            copy = new byte[len];
        }
        System.arraycopy(data, 0, copy, 0, len);
        bytes.put(address, copy);
    }

    /** {@code address} now holds something else (zeros, base bytes, a copy): no previous version to use. */
    void overwritten(long address) {
        if (capacity > 0) {
            bytes.remove(address);
        }
    }
}
