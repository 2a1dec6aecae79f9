package org.cloudlet.handoff.wire;

import java.nio.ByteBuffer;

/** The END frame: totals the reader checks against what it saw, so a stream cut between frames is caught. */
public record EndFrame(int segmentCount, long itemCount, long rawBytes) {

    public byte[] encode() {
        return ByteBuffer.allocate(WireFormat.END_BODY_SIZE).putInt(segmentCount).putLong(itemCount).putLong(rawBytes).array();
    }

    public static EndFrame decode(Frame frame) throws WireFormatException {
        if (frame.body().length != WireFormat.END_BODY_SIZE) {
            throw new WireFormatException(frame.bodyOffset(), "END frame body " + frame.body().length + " bytes (expected: " + WireFormat.END_BODY_SIZE + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(frame.body());
        return new EndFrame(b.getInt(), b.getLong(), b.getLong());
    }
}
