package org.cloudlet.handoff.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

import java.io.IOException;

/** Zstandard frames (readable by {@code zstd -d}) through zstd-jni, with contexts kept between segments. */
final class ZstdCodec implements Codec {
    private final int level;
    private final ZstdCompressCtx compressor = new ZstdCompressCtx();
    private final ZstdDecompressCtx decompressor = new ZstdDecompressCtx();
    private boolean open = true;

    ZstdCodec(int level) {
        this.level = level;
        compressor.setLevel(level);
        compressor.setContentSize(true);
    }

    @Override
    public CodecId id() {
        return CodecId.ZSTD;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public byte[] compress(byte[] src, int off, int len) {
        byte[] out = new byte[(int) Zstd.compressBound(len)];
        int n;
        try {
            n = compressor.compressByteArray(out, 0, out.length, src, off, len);
        } catch (ZstdException e) {
            throw new IllegalStateException("zstd: " + e.getMessage(), e);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        int n;
        try { // a corrupt frame header makes zstd-jni throw already when asked for the content size
            long content = Zstd.getFrameContentSize(src, off, len);
            if (content != rawLen) {
                throw new IOException("zstd: frame declares " + content + " bytes (expected: " + rawLen + ")");
            }
            n = decompressor.decompressByteArray(dst, 0, rawLen, src, off, len);
        } catch (ZstdException e) {
            throw new IOException("zstd: " + e.getMessage(), e);
        }
        if (n != rawLen) {
            throw new IOException("zstd: decoded " + n + " bytes (expected: " + rawLen + ")");
        }
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            compressor.close();
            decompressor.close();
        }
    }
}
