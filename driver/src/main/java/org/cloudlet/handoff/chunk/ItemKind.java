package org.cloudlet.handoff.chunk;

/** How a modified chunk crosses the wire. Wire ids are stable (see docs/WIRE-FORMAT.md). */
public enum ItemKind {
    /** All bytes zero: nothing but the address. */
    ZERO(0, "zero"),
    /** Same bytes as some chunk of the base disk: found by hash in the base disk index. */
    BASE_DISK(1, "base-disk"),
    /** Same bytes as some page of the base memory: found by hash in the base memory index. */
    BASE_MEMORY(2, "base-memory"),
    /** Same bytes as a chunk sent earlier in this session: found by hash among the chunks already rebuilt. */
    SELF(3, "self"),
    /** A delta against the base chunk at the same address. */
    DELTA(4, "delta"),
    /** The chunk's bytes. */
    RAW(5, "raw"),
    /**
     * Bytes of the source's own stream passed through in order between chunks (a QEMU migration stream's
     * headers, section framing and device state): no address, no hash.
     */
    OPAQUE(6, "opaque"),
    /**
     * The base's chunk at this very address: for a receiver that does not start from a copy of the base (a QEMU
     * loading a re-created stream), or an address overwritten earlier in the stream. No hash on the wire: the
     * receiver checks the bytes against its own base index.
     */
    BASE_SAME(7, "base-same"),
    /**
     * A delta against the bytes this very address received earlier in the stream (a page sent again in a later
     * pass of a live migration, most of it as it was). Carries its SHA-256: the receiver rebuilds it in wire order,
     * from what it holds there, and checks it by itself.
     */
    PREV(8, "prev");

    private final int wireId;
    private final String label;

    ItemKind(int wireId, String label) {
        this.wireId = wireId;
        this.label = label;
    }

    public int wireId() {
        return wireId;
    }

    public String label() {
        return label;
    }

    /**
     * Whether the item names a chunk by its SHA-256 on the wire: references (BASE_DISK, BASE_MEMORY, SELF). RAW and
     * DELTA carry bytes; the receiver hashes what it rebuilds and checks them all at once against their segment's
     * digest (32 incompressible bytes per item were ~3 % of a handoff's output).
     */
    public boolean carriesHash() {
        return this == BASE_DISK || this == BASE_MEMORY || this == SELF || this == PREV;
    }

    /** Whether the item's rebuilt chunk counts in its segment's digest: RAW and DELTA (PREV checks its own hash). */
    public boolean inSegmentDigest() {
        return this == RAW || this == DELTA;
    }

    /** Whether the chunk's bytes cross the wire (as such or as a delta): its address then holds them for SELF items. */
    public boolean crossesAsData() {
        return this == RAW || this == DELTA || this == PREV;
    }

    /** Whether the item's payload is a delta: algorithm, length and bytes on the wire. */
    public boolean carriesDelta() {
        return this == DELTA || this == PREV;
    }

    private static final ItemKind[] BY_WIRE_ID = values();

    public static ItemKind byWireId(int id) {
        return id >= 0 && id < BY_WIRE_ID.length ? BY_WIRE_ID[id] : null;
    }
}
