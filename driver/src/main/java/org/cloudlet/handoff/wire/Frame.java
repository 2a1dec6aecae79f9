package org.cloudlet.handoff.wire;

/** One frame as read: its type, its body and the stream offset of its first byte. */
public record Frame(int type, byte[] body, long offset) {

    /** Stream offset of the body's first byte: error messages inside a frame count from here. */
    public long bodyOffset() {
        return offset + WireFormat.FRAME_PREFIX_SIZE;
    }

    public String name() {
        return WireFormat.frameName(type);
    }
}
