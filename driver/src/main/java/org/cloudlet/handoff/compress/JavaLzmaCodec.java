package org.cloudlet.handoff.compress;

import org.cloudlet.handoff.nativebridge.NativeLzma;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.SingleXZInputStream;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * .xz streams (one LZMA2 filter, no check) in pure Java (xz-java): the fallback when liblzma cannot be loaded.
 * Uses the same dictionary rule as the native encoder so both produce the same kind of stream.
 */
final class JavaLzmaCodec implements Codec {
    private final int level;
    private final int presetDict;
    private final ArrayCache cache = BasicArrayCache.getInstance(); // keeps match-finder arrays between segments

    JavaLzmaCodec(int level) {
        this.level = level;
        try {
            this.presetDict = new LZMA2Options(level).getDictSize();
        } catch (UnsupportedOptionsException e) {
            throw new IllegalArgumentException("lzma level: " + level + " (expected: 0-9)", e);
        }
    }

    @Override
    public CodecId id() {
        return CodecId.LZMA;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public byte[] compress(byte[] src, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len / 3 + 64);
        try {
            LZMA2Options options = new LZMA2Options(level);
            options.setDictSize(NativeLzma.dictionarySize(presetDict, len));
            try (XZOutputStream xz = new XZOutputStream(out, options, XZ.CHECK_NONE, cache)) {
                xz.write(src, off, len);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return out.toByteArray();
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        StreamReads.decompress(() -> new SingleXZInputStream(new ByteArrayInputStream(src, off, len), -1, true, cache), dst, rawLen, "lzma");
    }
}
