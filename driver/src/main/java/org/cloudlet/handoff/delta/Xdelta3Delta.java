package org.cloudlet.handoff.delta;

import com.davidehrmann.vcdiff.VCDiffDecoder;
import com.davidehrmann.vcdiff.VCDiffDecoderBuilder;
import com.davidehrmann.vcdiff.VCDiffEncoderBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * RFC 3284 VCDIFF with the base chunk as source segment, in the standard encoding only (no open-vcdiff
 * interleaving or checksum extensions), so {@code xdelta3 -d -s BASE} decodes it; vcdiff-core does the work.
 */
final class Xdelta3Delta implements DeltaCodec {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final VCDiffDecoder decoder;

    Xdelta3Delta(int maxChunk) {
        this.decoder = VCDiffDecoderBuilder.builder()
                .withMaxTargetFileSize(maxChunk)
                .withMaxTargetWindowSize(maxChunk)
                .withAllowTargetMatches(true)
                .buildSimple();
    }

    @Override
    public DeltaAlgorithm algorithm() {
        return DeltaAlgorithm.XDELTA3;
    }

    @Override
    public byte[] encode(byte[] base, int baseLen, byte[] target, int targetLen, int limit) {
        out.reset();
        try {
            VCDiffEncoderBuilder.builder()
                    .withDictionary(exact(base, baseLen))
                    .withInterleaving(false)
                    .withChecksum(false)
                    .withTargetMatches(true)
                    .buildSimple()
                    .encode(target, 0, targetLen, out);
        } catch (IOException e) {
            throw new IllegalStateException("vcdiff encoder failed in memory", e);
        }
        return out.size() < limit ? out.toByteArray() : null;
    }

    @Override
    public void decode(byte[] base, int baseLen, byte[] delta, int deltaOff, int deltaLen, byte[] dst, int targetLen)
            throws IOException {
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream(targetLen);
        try {
            decoder.decode(exact(base, baseLen), delta, deltaOff, deltaLen, rebuilt);
        } catch (IOException | RuntimeException e) {
            throw new IOException("xdelta3 delta: malformed VCDIFF: " + e.getMessage(), e);
        }
        if (rebuilt.size() != targetLen) {
            throw new IOException("xdelta3 delta: decoded " + rebuilt.size() + " bytes (expected: " + targetLen + ")");
        }
        rebuilt.writeTo(new FixedArrayOutput(dst));
    }

    private static byte[] exact(byte[] b, int len) {
        return b.length == len ? b : Arrays.copyOf(b, len);
    }

    /** Copies into a caller's array without another intermediate copy. */
    private static final class FixedArrayOutput extends java.io.OutputStream {
        private final byte[] dst;
        private int pos;

        FixedArrayOutput(byte[] dst) {
            this.dst = dst;
        }

        @Override
        public void write(int b) {
            dst[pos++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, dst, pos, len);
            pos += len;
        }
    }
}
