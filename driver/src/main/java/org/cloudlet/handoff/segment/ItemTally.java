package org.cloudlet.handoff.segment;

import org.cloudlet.handoff.chunk.ItemKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** How many items of each kind, and how many modified bytes they stand for. Safe to read while running. */
public final class ItemTally {
    private final AtomicLongArray counts = new AtomicLongArray(ItemKind.values().length);
    private final AtomicLongArray bytes = new AtomicLongArray(ItemKind.values().length);

    public void add(ItemKind kind, int chunkLength) {
        counts.incrementAndGet(kind.ordinal());
        bytes.addAndGet(kind.ordinal(), chunkLength);
    }

    public long count(ItemKind kind) {
        return counts.get(kind.ordinal());
    }

    public long items() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** Bytes of the chunks the items rebuild: the modified state (opaque stream bytes not included). */
    public long modifiedBytes() {
        long n = 0;
        for (int i = 0; i < bytes.length(); i++) {
            n += i == ItemKind.OPAQUE.ordinal() ? 0 : bytes.get(i);
        }
        return n;
    }

    /** Opaque stream bytes passed through. */
    public long opaqueBytes() {
        return bytes.get(ItemKind.OPAQUE.ordinal());
    }

    public Map<ItemKind, Long> counts() {
        Map<ItemKind, Long> out = new EnumMap<>(ItemKind.class);
        for (ItemKind k : ItemKind.values()) {
            out.put(k, count(k));
        }
        return out;
    }
}
