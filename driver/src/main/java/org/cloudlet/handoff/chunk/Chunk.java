package org.cloudlet.handoff.chunk;

import org.cloudlet.handoff.delta.DeltaAlgorithm;

/**
 * One 4 KiB chunk on its way through the pipeline. Stages fill in its hash, then its fate: unchanged (dropped),
 * a reference, a delta or raw bytes. Mutable and owned by one stage at a time, like a Netty message.
 */
public final class Chunk {
    private final Space space;
    private final long index;
    private final byte[] data;
    private final int length;

    private byte[] hash;
    private boolean unchanged;
    private ItemKind kind;
    private DeltaAlgorithm deltaAlgorithm = DeltaAlgorithm.NONE;
    private byte[] delta;

    /** Opaque stream bytes that travel in order between chunks ({@link ItemKind#OPAQUE}). */
    public static Chunk opaque(byte[] bytes) {
        return new Chunk(bytes);
    }

    private Chunk(byte[] bytes) {
        this.space = null;
        this.index = -1;
        this.data = bytes;
        this.length = bytes.length;
        this.kind = ItemKind.OPAQUE;
    }

    public boolean isOpaque() {
        return kind == ItemKind.OPAQUE;
    }

    public Chunk(Space space, long index, byte[] data) {
        this.space = space;
        this.index = index;
        this.data = data;
        this.length = space.chunkLength(index);
        if (data.length < length) {
            throw new IllegalArgumentException("chunk data: " + data.length + " bytes (expected: >= " + length + ")");
        }
    }

    public Space space() {
        return space;
    }

    public long index() {
        return index;
    }

    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public byte[] hash() {
        return hash;
    }

    public void hash(byte[] hash) {
        this.hash = hash;
    }

    /** True once a stage found the chunk identical to the base chunk at the same address. */
    public boolean unchanged() {
        return unchanged;
    }

    public void markUnchanged() {
        this.unchanged = true;
    }

    /**
     * Sends an unchanged chunk after all, as a reference to the base's bytes: its address was overwritten earlier
     * in the session, so the destination no longer holds the base bytes there.
     */
    public void resendAsBaseReference() {
        this.unchanged = false;
        this.kind = ItemKind.BASE_SAME;
    }

    /** Null until a dedup or delta stage decides. */
    public ItemKind kind() {
        return kind;
    }

    public void kind(ItemKind kind) {
        this.kind = kind;
    }

    /** True while the chunk still needs its bytes (or a delta) sent: not unchanged, not a reference yet. */
    public boolean needsPayload() {
        return !unchanged && (kind == null || kind == ItemKind.DELTA || kind == ItemKind.RAW);
    }

    /** Bytes this chunk would still put on the wire besides its address: 0 once unchanged or a reference. */
    public int payloadSize() {
        if (unchanged || (kind != null && !kind.crossesAsData())) {
            return 0;
        }
        return kind != null && kind.carriesDelta() ? delta.length : length;
    }

    public DeltaAlgorithm deltaAlgorithm() {
        return deltaAlgorithm;
    }

    public byte[] delta() {
        return delta;
    }

    public void delta(DeltaAlgorithm algorithm, byte[] delta) {
        this.deltaAlgorithm = algorithm;
        this.delta = delta;
        this.kind = ItemKind.DELTA;
    }

    /** Sends the chunk as {@code delta} against the bytes its address received earlier in this stream. */
    public void deltaAgainstPrevious(DeltaAlgorithm algorithm, byte[] delta) {
        this.deltaAlgorithm = algorithm;
        this.delta = delta;
        this.kind = ItemKind.PREV;
    }

    /** Drops a computed delta: a reference was found after all. */
    public void clearDelta() {
        this.deltaAlgorithm = DeltaAlgorithm.NONE;
        this.delta = null;
    }

    @Override
    public String toString() {
        if (isOpaque()) {
            return "opaque(" + length + " B)";
        }
        return space.name() + "[" + index + "]" + (kind == null ? "" : " " + kind.label());
    }
}
