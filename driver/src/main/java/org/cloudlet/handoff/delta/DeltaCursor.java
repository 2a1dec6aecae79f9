package org.cloudlet.handoff.delta;

import java.io.IOException;

/** Bounds-checked reader over one delta: every failure names the algorithm, the field and the offset. */
final class DeltaCursor {
    private final String algorithm;
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    DeltaCursor(String algorithm, byte[] buf, int off, int len) {
        this.algorithm = algorithm;
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    boolean hasMore() {
        return pos < end;
    }

    int offset() {
        return pos - start;
    }

    /** An unsigned LEB128 value that must lie in {@code [0, max]}. */
    int varint(String field, int max) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= end) {
                throw malformed(field + " truncated");
            }
            int b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (v > max) {
                    throw malformed(field + " " + v + " (expected: 0-" + max + ")");
                }
                return (int) v;
            }
        }
        throw malformed(field + " is an overlong varint");
    }

    /** A zigzag-encoded signed value within {@code [-max, max]}. */
    int signedVarint(String field, int max) throws IOException {
        long raw = varint(field, Integer.MAX_VALUE);
        long v = (raw >>> 1) ^ -(raw & 1);
        if (Math.abs(v) > max) {
            throw malformed(field + " " + v + " (expected: within ±" + max + ")");
        }
        return (int) v;
    }

    /** Returns the offset in the backing array of the next {@code n} bytes and skips them. */
    int take(int n, String field) throws IOException {
        if (n > end - pos) {
            throw malformed(field + " needs " + n + " bytes, " + (end - pos) + " left");
        }
        int at = pos;
        pos += n;
        return at;
    }

    byte[] array() {
        return buf;
    }

    IOException malformed(String what) {
        return new IOException(algorithm + " delta: " + what + " at delta byte " + (pos - start));
    }
}
