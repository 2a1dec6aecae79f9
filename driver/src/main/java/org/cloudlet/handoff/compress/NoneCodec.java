package org.cloudlet.handoff.compress;

import java.io.IOException;
import java.util.Arrays;

/** Stores the segment as is. */
final class NoneCodec implements Codec {
    @Override
    public CodecId id() {
        return CodecId.NONE;
    }

    @Override
    public int level() {
        return 0;
    }

    @Override
    public byte[] compress(byte[] src, int off, int len) {
        return Arrays.copyOfRange(src, off, off + len);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        if (len != rawLen) {
            throw new IOException("stored segment holds " + len + " bytes (expected: " + rawLen + ")");
        }
        System.arraycopy(src, off, dst, 0, len);
    }
}
