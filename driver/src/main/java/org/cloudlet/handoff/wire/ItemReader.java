package org.cloudlet.handoff.wire;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.ItemKind;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.delta.DeltaAlgorithm;

import java.util.List;

/**
 * Walks the items of one decompressed segment. A cursor, not a collection: after {@link #next()} the accessors
 * describe the current item, whose hash and payload are views into the segment buffer.
 */
public final class ItemReader {
    private static final DeltaAlgorithm[] DELTAS = DeltaAlgorithm.values();

    private final byte[] buf;
    private final int end;
    private final List<Space> spaces;
    private final int segment;
    private final long streamOffset;
    private int pos;

    private ItemKind kind;
    private Space space;
    private long index;
    private int hashOffset;
    private DeltaAlgorithm delta;
    private int payloadOffset;
    private int payloadLength;
    private int itemStart;

    /** {@code streamOffset} is the segment frame's offset, for messages: item offsets are within the raw segment. */
    public ItemReader(byte[] buf, int len, List<Space> spaces, int segment, long streamOffset) {
        this.buf = buf;
        this.end = len;
        this.spaces = spaces;
        this.segment = segment;
        this.streamOffset = streamOffset;
    }

    public boolean hasNext() {
        return pos < end;
    }

    public void next() throws WireFormatException {
        itemStart = pos;
        int kindId = u8("item kind");
        kind = ItemKind.byWireId(kindId);
        if (kind == null) {
            throw error("unknown item kind " + kindId);
        }
        if (kind == ItemKind.OPAQUE) {
            space = null;
            index = -1;
            hashOffset = -1;
            delta = DeltaAlgorithm.NONE;
            long len = varint("opaque length");
            if (len > end - pos) {
                throw error("opaque run of " + len + " bytes, " + (end - pos) + " left in the segment");
            }
            payloadLength = (int) len;
            payloadOffset = pos;
            pos += payloadLength;
            return;
        }
        int spaceId = u8("space id");
        if (spaceId >= spaces.size()) {
            throw error("space id " + spaceId + " (the header declares " + spaces.size() + " spaces)");
        }
        space = spaces.get(spaceId);
        index = varint("chunk index");
        if (index >= space.chunkCount()) {
            throw error("chunk index " + index + " beyond " + space + " (" + space.chunkCount() + " chunks)");
        }
        hashOffset = -1;
        if (kind.carriesHash()) {
            need(ChunkFormat.HASH_SIZE, "SHA-256");
            hashOffset = pos;
            pos += ChunkFormat.HASH_SIZE;
        }
        delta = DeltaAlgorithm.NONE;
        payloadOffset = pos;
        payloadLength = 0;
        if (kind.carriesDelta()) {
            int algo = u8("delta algorithm");
            if (algo == DeltaAlgorithm.NONE.wireId() || algo >= DELTAS.length) {
                throw error("unknown delta algorithm " + algo);
            }
            delta = DELTAS[algo];
            long len = varint("delta length");
            if (len > ChunkFormat.CHUNK_SIZE * 4L) {
                throw error("delta length " + len + " (expected: <= " + ChunkFormat.CHUNK_SIZE * 4 + ")");
            }
            payloadLength = (int) len;
            need(payloadLength, "delta bytes");
            payloadOffset = pos;
            pos += payloadLength;
        } else if (kind == ItemKind.RAW) {
            payloadLength = space.chunkLength(index);
            need(payloadLength, "raw chunk bytes");
            pos += payloadLength;
        }
    }

    private int u8(String what) throws WireFormatException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    private long varint(String what) throws WireFormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8(what);
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw error("malformed varint " + what);
    }

    private void need(int n, String what) throws WireFormatException {
        if (end - pos < n) {
            throw error("item cut short: " + what + " needs " + n + " bytes, " + (end - pos) + " left in the segment");
        }
    }

    private WireFormatException error(String message) {
        return new WireFormatException(streamOffset, "segment " + segment + ", item at raw offset " + itemStart + ": " + message);
    }

    public ItemKind kind() {
        return kind;
    }

    public Space space() {
        return space;
    }

    public long index() {
        return index;
    }

    /** The segment buffer; the hash is at {@link #hashOffset()} (-1 for ZERO items). */
    public byte[] buffer() {
        return buf;
    }

    public int hashOffset() {
        return hashOffset;
    }

    public DeltaAlgorithm deltaAlgorithm() {
        return delta;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Where the current item is, for error messages. */
    public String describe() {
        return "segment " + segment + " (stream offset " + streamOffset + "), " + kind.label() + " item for " + space.name() + " chunk " + index;
    }
}
