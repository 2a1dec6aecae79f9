package org.cloudlet.handoff.compress;

import java.io.IOException;
import java.io.InputStream;

/** Reads a decompressing stream into a buffer of the exact expected size. */
final class StreamReads {
    private StreamReads() {
    }

    static void readExactly(InputStream in, byte[] dst, int rawLen, String codec) throws IOException {
        int n = in.readNBytes(dst, 0, rawLen);
        if (n != rawLen) {
            throw new IOException(codec + ": stream ends after " + n + " bytes (expected: " + rawLen + ")");
        }
        if (in.read() != -1) {
            throw new IOException(codec + ": stream holds more than " + rawLen + " bytes");
        }
    }
}
