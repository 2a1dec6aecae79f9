package org.cloudlet.handoff.segment;

import org.cloudlet.handoff.compress.CodecId;

/**
 * About 1 MiB of serialised items on its way to compression and the wire. Raw first; the compress stage fills in
 * the codec it used and the compressed bytes.
 */
public final class Segment {
    private final int sequence;
    private final byte[] raw;
    private final int rawLength;
    private final int itemCount;
    private final int diskLength;
    private final byte[] digest;

    private CodecId codec;
    private int level;
    private byte[] payload;
    private boolean byFill;

    /**
     * {@code diskLength}: how much of the raw items are disk chunks' (to apportion the wire bytes by state);
     * {@code digest}: SHA-256 over the SHA-256s of its RAW and DELTA chunks, in item order.
     */
    public Segment(int sequence, byte[] raw, int rawLength, int itemCount, int diskLength, byte[] digest) {
        this.sequence = sequence;
        this.raw = raw;
        this.rawLength = rawLength;
        this.itemCount = itemCount;
        this.diskLength = diskLength;
        this.digest = digest;
    }

    public byte[] digest() {
        return digest;
    }

    public int diskLength() {
        return diskLength;
    }

    public int sequence() {
        return sequence;
    }

    public byte[] raw() {
        return raw;
    }

    public int rawLength() {
        return rawLength;
    }

    public int itemCount() {
        return itemCount;
    }

    public void compressed(CodecId codec, int level, byte[] payload) {
        this.codec = codec;
        this.level = level;
        this.payload = payload;
    }

    /** Marks the segment as compressed by the fill compressor, not the mode's (its wire bytes are counted apart). */
    public void byFill() {
        byFill = true;
    }

    public boolean isByFill() {
        return byFill;
    }

    public CodecId codec() {
        return codec;
    }

    public int level() {
        return level;
    }

    /** The bytes to frame: compressed, or the raw items when compression did not pay. */
    public byte[] payload() {
        return payload;
    }

    public int payloadLength() {
        return payload == raw ? rawLength : payload.length;
    }
}
