package org.cloudlet.handoff.segment;

import org.cloudlet.handoff.chunk.ItemKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many items of each kind, how many modified bytes they stand for, and how many bytes they took in segments
 * before compression (where a handoff's bytes go). Safe to read while running.
 */
public final class ItemTally {
    private final AtomicLongArray counts = new AtomicLongArray(ItemKind.values().length);
    private final AtomicLongArray bytes = new AtomicLongArray(ItemKind.values().length);
    private final AtomicLongArray serialized = new AtomicLongArray(ItemKind.values().length);

    public void add(ItemKind kind, int chunkLength, int serializedLength) {
        counts.incrementAndGet(kind.ordinal());
        bytes.addAndGet(kind.ordinal(), chunkLength);
        serialized.addAndGet(kind.ordinal(), serializedLength);
    }

    /** Bytes the items of {@code kind} took in segments, before compression. */
    public long serializedBytes(ItemKind kind) {
        return serialized.get(kind.ordinal());
    }

    /** Each kind present: count and uncompressed bytes in segments, e.g. {@code raw 1200 (4.9 MB), zero 300 (0.0 MB)}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        for (ItemKind k : ItemKind.values()) {
            if (count(k) > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(k.label()).append(' ').append(count(k))
                        .append(String.format(java.util.Locale.ROOT, " (%.1f MB)", serializedBytes(k) / 1e6));
            }
        }
        return b.toString();
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
