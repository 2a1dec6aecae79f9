package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.nativebridge.NativeBzip2;

import java.io.IOException;

/** bzip2 streams through Debian's libbz2; byte-compatible with {@link JavaBzip2Codec} both ways. */
final class NativeBzip2Codec implements Codec {
    private final int level;

    NativeBzip2Codec(int level) {
        this.level = level;
    }

    @Override
    public CodecId id() {
        return CodecId.BZIP2;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public byte[] compress(byte[] src, int off, int len) {
        return NativeBzip2.compress(src, off, len, level);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        NativeBzip2.decompress(src, off, len, dst, rawLen);
    }
}
