package org.cloudlet.handoff.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Reads the preamble and CRC32C-checked frames, knowing at every moment its offset in the stream. */
public final class FrameReader {
    private final InputStream in;
    private final CRC32C crc = new CRC32C();
    private long offset;

    public FrameReader(InputStream in) {
        this.in = in;
    }

    public long offset() {
        return offset;
    }

    /** Checks the magic and version; returns the version. */
    public int readPreamble() throws IOException {
        byte[] p = readFully(WireFormat.PREAMBLE_SIZE, "preamble");
        ByteBuffer b = ByteBuffer.wrap(p);
        int magic = b.getInt();
        if (magic != WireFormat.MAGIC) {
            throw new WireFormatException(0, String.format("not a handoff stream: magic 0x%08x (expected 0x%08x \"HOFF\")", magic, WireFormat.MAGIC));
        }
        int version = b.getShort() & 0xffff;
        if (version != WireFormat.VERSION) {
            throw new WireFormatException(4, "unsupported wire format version " + version + " (this build reads version " + WireFormat.VERSION + ")");
        }
        return version;
    }

    /** Reads the next frame, verifying its CRC32C. At a clean end of input throws naming what was expected. */
    public Frame readFrame(String expected) throws IOException {
        long start = offset;
        byte[] prefix = readFully(WireFormat.FRAME_PREFIX_SIZE, expected + " frame");
        int type = prefix[0] & 0xff;
        int length = ByteBuffer.wrap(prefix, 1, 4).getInt();
        if (length < 0 || length > WireFormat.MAX_FRAME_BODY) {
            throw new WireFormatException(start + 1, "frame " + WireFormat.frameName(type) + " body length " + Integer.toUnsignedString(length)
                    + " (expected: 0-" + WireFormat.MAX_FRAME_BODY + ")");
        }
        byte[] body = readFully(length, WireFormat.frameName(type) + " frame body");
        byte[] trailer = readFully(WireFormat.FRAME_TRAILER_SIZE, WireFormat.frameName(type) + " frame checksum");
        crc.reset();
        crc.update(prefix);
        crc.update(body);
        int actual = (int) crc.getValue();
        int stored = ByteBuffer.wrap(trailer).getInt();
        if (actual != stored) {
            throw new WireFormatException(start, String.format("%s frame checksum mismatch: CRC32C 0x%08x, stored 0x%08x (corrupt data)",
                    WireFormat.frameName(type), actual, stored));
        }
        return new Frame(type, body, start);
    }

    /** True if the input has no byte left (used to reject trailing garbage after the END frame). */
    public boolean atEnd() throws IOException {
        int b = in.read();
        if (b < 0) {
            return true;
        }
        offset++;
        return false;
    }

    private byte[] readFully(int n, String what) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(buf, got, n - got);
            if (r < 0) {
                throw new WireFormatException(offset + got, "stream truncated: end of input inside the " + what
                        + " (" + got + " of " + n + " bytes)", new EOFException());
            }
            got += r;
        }
        offset += n;
        return buf;
    }
}
