package org.cloudlet.handoff.delta;

import java.io.IOException;
import java.util.Arrays;

/**
 * XOR against the base chunk (base bytes past its end read as 0), packed as {@link ZeroRuns}: bytes equal
 * to the base cost nothing but a run header.
 * <pre>
 * delta := ZeroRuns(base XOR target)       covering the target's length
 * </pre>
 */
final class XorDelta implements DeltaCodec {
    private final DeltaBuffer out;
    private final byte[] xored;

    XorDelta(int maxChunk) {
        this.out = new DeltaBuffer(maxChunk);
        this.xored = new byte[maxChunk];
    }

    @Override
    public DeltaAlgorithm algorithm() {
        return DeltaAlgorithm.XOR;
    }

    @Override
    public byte[] encode(byte[] base, int baseLen, byte[] target, int targetLen, int limit) {
        int common = Math.min(baseLen, targetLen);
        for (int i = 0; i < common; i++) {
            xored[i] = (byte) (base[i] ^ target[i]);
        }
        System.arraycopy(target, common, xored, common, targetLen - common);
        ZeroRuns.encode(out.reset(limit), xored, 0, targetLen);
        return out.result();
    }

    @Override
    public void decode(byte[] base, int baseLen, byte[] delta, int deltaOff, int deltaLen, byte[] out, int targetLen)
            throws IOException {
        DeltaCursor in = new DeltaCursor("xor", delta, deltaOff, deltaLen);
        ZeroRuns.decode(in, out, 0, targetLen);
        if (in.hasMore()) {
            throw in.malformed("bytes after the last run");
        }
        int common = Math.min(baseLen, targetLen);
        for (int i = 0; i < common; i++) {
            out[i] ^= base[i];
        }
    }
}
