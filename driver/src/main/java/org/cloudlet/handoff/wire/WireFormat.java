package org.cloudlet.handoff.wire;

/**
 * Constants of the handoff wire format, version 3 (big-endian; see docs/WIRE-FORMAT.md).
 *
 * <pre>
 * stream  := preamble HEADER-frame SEGMENT-frame* END-frame
 * preamble:  "HOFF" (4) | version u16
 * frame   := type u8 | body length u32 | body | CRC32C u32 over type, length and body
 *
 * HEADER body : chunk size u32 | base id 32 | space count u8 | space*
 *   space     : id u8 | kind u8 | name length u8 | name UTF-8 | length u64
 * SEGMENT body: sequence u32 | codec u8 | level u8 | item count u32 | raw length u32 | digest 32 | compressed items
 * END body    : segment count u32 | item count u64 | raw item bytes u64
 *
 * item    := kind u8 | space id u8 | chunk index varint | [SHA-256 32: BASE_DISK, BASE_MEMORY, SELF]
 *            | DELTA: algorithm u8 | delta length varint | delta bytes
 *            | RAW:   chunk bytes (the chunk's length follows from the space length)
 * </pre>
 */
public final class WireFormat {
    public static final int MAGIC = 0x484F4646; // "HOFF"
    public static final int VERSION = 4; // 2: OPAQUE items; 3: RAW and DELTA items checked by a segment digest; 4: PREV items
    public static final int PREAMBLE_SIZE = 4 /* magic */ + 2 /* version */;

    public static final int FRAME_HEADER = 0x48; // 'H'
    public static final int FRAME_SEGMENT = 0x53; // 'S'
    public static final int FRAME_END = 0x45; // 'E'

    public static final int FRAME_PREFIX_SIZE = 1 /* type */ + 4 /* body length */;
    public static final int FRAME_TRAILER_SIZE = 4; // CRC32C
    public static final int SEGMENT_FIELDS_SIZE = 4 /* sequence */ + 1 /* codec */ + 1 /* level */ + 4 /* item count */ + 4 /* raw length */
            + 32 /* digest */;
    public static final int END_BODY_SIZE = 4 /* segments */ + 8 /* items */ + 8 /* raw bytes */;

    /** Segments are cut once their raw items reach this size: big enough for compressors, small for latency. */
    public static final int SEGMENT_TARGET_SIZE = 1 << 20;
    /** No frame body may exceed this: a corrupt length must not make the reader allocate gigabytes. */
    public static final int MAX_FRAME_BODY = 64 << 20;

    private WireFormat() {
    }

    public static String frameName(int type) {
        return switch (type) {
            case FRAME_HEADER -> "HEADER";
            case FRAME_SEGMENT -> "SEGMENT";
            case FRAME_END -> "END";
            default -> String.format("unknown(0x%02x)", type);
        };
    }
}
