package org.cloudlet.handoff.delta;

import java.util.Arrays;

/**
 * Output of one delta with a hard size limit: writers check {@link #overflowed()} and give up early, since a
 * delta that reaches the limit is thrown away anyway. Reused between chunks by one encoder.
 */
final class DeltaBuffer {
    private final byte[] buf;
    private int pos;
    private int limit;

    DeltaBuffer(int capacity) {
        this.buf = new byte[capacity];
    }

    DeltaBuffer reset(int limit) {
        this.pos = 0;
        this.limit = Math.min(limit, buf.length);
        return this;
    }

    boolean overflowed() {
        return pos >= limit;
    }

    /** Room for {@code n} more bytes under the limit. */
    boolean fits(int n) {
        return pos + n < limit;
    }

    void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        put((byte) v);
    }

    void signedVarint(long v) {
        varint((v << 1) ^ (v >> 63));
    }

    void put(byte b) {
        if (pos < limit) {
            buf[pos] = b;
        }
        pos++;
    }

    byte[] array() {
        return buf;
    }

    int position() {
        return pos;
    }

    void advance(int n) {
        pos += n;
    }

    /** The delta, or null when it did not stay under the limit. */
    byte[] result() {
        return overflowed() ? null : Arrays.copyOf(buf, pos);
    }
}
