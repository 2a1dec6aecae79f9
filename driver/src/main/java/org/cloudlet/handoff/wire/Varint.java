package org.cloudlet.handoff.wire;

/** Unsigned LEB128: 7 bits a byte, low bits first. Chunk indices and delta lengths are mostly small. */
public final class Varint {
    public static final int MAX_LONG_BYTES = 10;

    private Varint() {
    }

    /** Writes {@code v} at {@code pos} and returns the position after it. */
    public static int write(byte[] dst, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            dst[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[pos++] = (byte) v;
        return pos;
    }

    public static int size(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }
}
