package org.cloudlet.handoff.compress;

import java.io.IOException;

/**
 * Compresses one segment as an independent unit, and back. Implementations may keep native or scratch state:
 * one instance per thread, released by {@link #close()} (idempotent).
 */
public interface Codec extends AutoCloseable {

    CodecId id();

    int level();

    /** Compresses {@code src[off..off+len)} into a new array holding exactly the compressed bytes. */
    byte[] compress(byte[] src, int off, int len);

    /**
     * Decompresses {@code src[off..off+len)} into {@code dst[0..rawLen)}.
     *
     * @throws IOException when the input is malformed or does not decompress to exactly {@code rawLen} bytes
     */
    void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException;

    @Override
    default void close() {
    }
}
