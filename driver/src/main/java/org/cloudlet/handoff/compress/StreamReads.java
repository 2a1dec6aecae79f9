package org.cloudlet.handoff.compress;

import java.io.IOException;
import java.io.InputStream;

/** Reads a decompressing stream into a buffer of the exact expected size. */
final class StreamReads {
    private StreamReads() {
    }

    /** Opens a decompressing stream (which may already fail on a bad header). */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Decompresses exactly {@code rawLen} bytes into {@code dst}; every failure, the library's own included, is an
     * IOException whose message starts with the codec's name.
     */
    static void decompress(Opener opener, byte[] dst, int rawLen, String codec) throws IOException {
        try (InputStream in = opener.open()) {
            readExactly(in, dst, rawLen, codec);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(codec) ? e
                    : new IOException(codec + ": " + e.getMessage(), e);
        }
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
