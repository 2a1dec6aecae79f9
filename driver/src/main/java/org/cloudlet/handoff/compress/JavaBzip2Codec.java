package org.cloudlet.handoff.compress;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** bzip2 streams in pure Java (commons-compress): the fallback when libbz2 cannot be loaded. */
final class JavaBzip2Codec implements Codec {
    private final int level;

    JavaBzip2Codec(int level) {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(len / 3 + 64);
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, level)) {
            bz.write(src, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return out.toByteArray();
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        StreamReads.decompress(() -> new BZip2CompressorInputStream(new ByteArrayInputStream(src, off, len)), dst, rawLen, "bzip2");
    }
}
