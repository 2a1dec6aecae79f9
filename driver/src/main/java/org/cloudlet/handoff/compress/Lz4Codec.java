package org.cloudlet.handoff.compress;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.io.IOException;
import java.util.Arrays;

/**
 * One raw LZ4 block per segment (the frame already carries both lengths, so the LZ4 frame format would only
 * repeat them). Decoding uses the bounds-checked decompressor: the input comes from the network.
 */
final class Lz4Codec implements Codec {
    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    private final LZ4Compressor compressor = FACTORY.fastCompressor();
    private final LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();

    @Override
    public CodecId id() {
        return CodecId.LZ4;
    }

    @Override
    public int level() {
        return 0;
    }

    @Override
    public byte[] compress(byte[] src, int off, int len) {
        byte[] out = new byte[compressor.maxCompressedLength(len)];
        int n = compressor.compress(src, off, len, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int rawLen) throws IOException {
        int n;
        try {
            n = decompressor.decompress(src, off, len, dst, 0, rawLen);
        } catch (LZ4Exception e) {
            throw new IOException("lz4: malformed block: " + e.getMessage(), e);
        }
        if (n != rawLen) {
            throw new IOException("lz4: decoded " + n + " bytes (expected: " + rawLen + ")");
        }
    }
}
