package org.cloudlet.handoff.delta;

import org.cloudlet.handoff.chunk.ChunkFormat;

/** Opens delta codecs; each instance keeps scratch buffers for one thread. */
public final class Deltas {
    private Deltas() {
    }

    public static DeltaCodec open(DeltaAlgorithm algorithm) {
        return switch (algorithm) {
            case NONE -> new NoneDelta();
            case XOR -> new XorDelta(ChunkFormat.CHUNK_SIZE);
            case BSDIFF -> new BsdiffDelta(ChunkFormat.CHUNK_SIZE);
            case XDELTA3 -> new Xdelta3Delta(ChunkFormat.CHUNK_SIZE);
        };
    }
}
