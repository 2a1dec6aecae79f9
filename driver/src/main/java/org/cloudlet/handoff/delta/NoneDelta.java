package org.cloudlet.handoff.delta;

import java.io.IOException;

/** The "no delta" mode: never produces one, and refuses to decode one. */
final class NoneDelta implements DeltaCodec {
    @Override
    public DeltaAlgorithm algorithm() {
        return DeltaAlgorithm.NONE;
    }

    @Override
    public byte[] encode(byte[] base, int baseLen, byte[] target, int targetLen, int limit) {
        return null;
    }

    @Override
    public void decode(byte[] base, int baseLen, byte[] delta, int deltaOff, int deltaLen, byte[] out, int targetLen)
            throws IOException {
        throw new IOException("delta item with algorithm 'none'");
    }
}
