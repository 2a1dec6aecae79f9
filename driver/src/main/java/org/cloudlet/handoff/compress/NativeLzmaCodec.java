package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.nativebridge.NativeLzma;
import org.cloudlet.handoff.nativebridge.NativeLzmaEncoder;

import java.io.IOException;

/** .xz streams through Debian's liblzma; byte-compatible with {@link JavaLzmaCodec} both ways. */
final class NativeLzmaCodec implements Codec {
    private final NativeLzmaEncoder encoder;

    NativeLzmaCodec(int level) {
        this.encoder = NativeLzma.encoder(level);
    }

    @Override
    public CodecId id() {
        return CodecId.LZMA;
    }

    @Override
    public int level() {
        return encoder.preset();
    }

    @Override
    public byte[] compress(byte[] src, int off, int len) {
        return encoder.compress(src, off, len);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        NativeLzma.decompress(src, off, len, dst, rawLen);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
