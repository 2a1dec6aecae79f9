package org.cloudlet.handoff.delta;

import java.io.IOException;
import java.util.Arrays;

/**
 * The cheap packing both in-house deltas use for a byte string that is mostly zeros (an XOR against the base,
 * a bsdiff difference block): alternating runs of zeros and literal bytes, covering exactly the string.
 * <pre>
 * runs := ( zeros:varint  count:varint  literal[count] )*     sum(zeros + count) == length
 * </pre>
 * Zero stretches shorter than {@link #MIN_ZEROS} stay inside a literal: a new run header would cost more.
 */
final class ZeroRuns {
    static final int MIN_ZEROS = 4;

    private ZeroRuns() {
    }

    /** Appends the runs of {@code src[from..from+len)}; stops early once {@code out} overflows its limit. */
    static void encode(DeltaBuffer out, byte[] src, int from, int len) {
        int end = from + len;
        int pos = from;
        while (pos < end && !out.overflowed()) {
            int literal = pos;
            while (literal < end && src[literal] == 0) {
                literal++;
            }
            int literalEnd = literalEnd(src, literal, end);
            out.varint(literal - pos);
            out.varint(literalEnd - literal);
            if (!out.fits(literalEnd - literal)) {
                out.advance(literalEnd - literal);
                return;
            }
            System.arraycopy(src, literal, out.array(), out.position(), literalEnd - literal);
            out.advance(literalEnd - literal);
            pos = literalEnd;
        }
    }

    /** End of a literal: the first stretch of MIN_ZEROS zeros, or the end if only fewer zeros remain. */
    private static int literalEnd(byte[] src, int from, int end) {
        int zeros = 0;
        for (int i = from; i < end; i++) {
            if (src[i] == 0) {
                if (++zeros == MIN_ZEROS) {
                    return i + 1 - MIN_ZEROS;
                }
            } else {
                zeros = 0;
            }
        }
        return end;
    }

    /** Reads runs into {@code dst[at..at+len)}, zeros included. */
    static void decode(DeltaCursor in, byte[] dst, int at, int len) throws IOException {
        int pos = 0;
        while (pos < len) {
            int zeros = in.varint("zero run", len - pos);
            Arrays.fill(dst, at + pos, at + pos + zeros, (byte) 0);
            pos += zeros;
            int count = in.varint("literal run", len - pos);
            int src = in.take(count, "literal");
            System.arraycopy(in.array(), src, dst, at + pos, count);
            pos += count;
            if (zeros == 0 && count == 0) {
                throw in.malformed("empty run");
            }
        }
    }
}
