package org.cloudlet.handoff.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Writes the preamble and CRC32C-checked frames; counts every byte it writes. Not thread-safe. */
public final class FrameWriter {
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer prefix = ByteBuffer.allocate(WireFormat.FRAME_PREFIX_SIZE);
    private final ByteBuffer trailer = ByteBuffer.allocate(WireFormat.FRAME_TRAILER_SIZE);
    private long written;

    public FrameWriter(OutputStream out) {
        this.out = out;
    }

    public void writePreamble() throws IOException {
        byte[] p = ByteBuffer.allocate(WireFormat.PREAMBLE_SIZE).putInt(WireFormat.MAGIC).putShort((short) WireFormat.VERSION).array();
        out.write(p);
        written += p.length;
    }

    /** Writes one frame whose body is {@code fields} followed by {@code payload[off..off+len)}. */
    public void writeFrame(int type, byte[] fields, byte[] payload, int off, int len) throws IOException {
        long bodyLength = (long) fields.length + len;
        if (bodyLength > WireFormat.MAX_FRAME_BODY) {
            throw new IllegalArgumentException("frame body: " + bodyLength + " bytes (expected: <= " + WireFormat.MAX_FRAME_BODY + ")");
        }
        prefix.clear();
        prefix.put((byte) type).putInt((int) bodyLength);
        crc.reset();
        crc.update(prefix.array(), 0, WireFormat.FRAME_PREFIX_SIZE);
        crc.update(fields, 0, fields.length);
        crc.update(payload, off, len);
        trailer.clear();
        trailer.putInt((int) crc.getValue());
        out.write(prefix.array(), 0, WireFormat.FRAME_PREFIX_SIZE);
        out.write(fields);
        out.write(payload, off, len);
        out.write(trailer.array(), 0, WireFormat.FRAME_TRAILER_SIZE);
        written += WireFormat.FRAME_PREFIX_SIZE + bodyLength + WireFormat.FRAME_TRAILER_SIZE;
    }

    public void writeFrame(int type, byte[] body) throws IOException {
        writeFrame(type, body, body, 0, 0);
    }

    public void flush() throws IOException {
        out.flush();
    }

    public long bytesWritten() {
        return written;
    }
}
