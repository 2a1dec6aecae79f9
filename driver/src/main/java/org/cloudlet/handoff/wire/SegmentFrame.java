package org.cloudlet.handoff.wire;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.compress.CodecId;

import java.nio.ByteBuffer;

/**
 * A SEGMENT frame: about 1 MiB of items compressed as one unit. The sequence number lets the reader notice
 * missing, repeated or reordered segments; the digest (SHA-256 over the SHA-256s of its RAW and DELTA chunks, in
 * item order) lets it check the chunks it rebuilds.
 */
public record SegmentFrame(int sequence, CodecId codec, int level, int itemCount, int rawLength, byte[] digest,
                           byte[] payload, int payloadOffset, int payloadLength) {

    public byte[] encodeFields() {
        return ByteBuffer.allocate(WireFormat.SEGMENT_FIELDS_SIZE)
                .putInt(sequence).put((byte) codec.wireId()).put((byte) level).putInt(itemCount).putInt(rawLength)
                .put(digest, 0, ChunkFormat.HASH_SIZE)
                .array();
    }

    public static SegmentFrame decode(Frame frame) throws WireFormatException {
        byte[] body = frame.body();
        if (body.length < WireFormat.SEGMENT_FIELDS_SIZE) {
            throw new WireFormatException(frame.bodyOffset(), "SEGMENT frame body " + body.length + " bytes (expected: >= " + WireFormat.SEGMENT_FIELDS_SIZE + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        int sequence = b.getInt();
        int codecId = b.get() & 0xff;
        CodecId codec = CodecId.byWireId(codecId);
        if (codec == null) {
            throw new WireFormatException(frame.bodyOffset() + 4, "segment " + sequence + ": unknown codec id " + codecId);
        }
        int level = b.get() & 0xff;
        if (codec.hasLevels() ? level < codec.minLevel() || level > codec.maxLevel() : level != 0) {
            throw new WireFormatException(frame.bodyOffset() + 5, "segment " + sequence + ": " + codec.modeName() + " level " + level
                    + " (expected: " + codec.minLevel() + "-" + codec.maxLevel() + ")");
        }
        int itemCount = b.getInt();
        int rawLength = b.getInt();
        if (itemCount < 0 || rawLength < 0 || rawLength > WireFormat.MAX_FRAME_BODY) {
            throw new WireFormatException(frame.bodyOffset() + 6, "segment " + sequence + ": item count " + itemCount + ", raw length " + rawLength
                    + " (expected raw length 0-" + WireFormat.MAX_FRAME_BODY + ")");
        }
        byte[] digest = new byte[ChunkFormat.HASH_SIZE];
        b.get(digest);
        return new SegmentFrame(sequence, codec, level, itemCount, rawLength, digest, body, WireFormat.SEGMENT_FIELDS_SIZE,
                body.length - WireFormat.SEGMENT_FIELDS_SIZE);
    }
}
