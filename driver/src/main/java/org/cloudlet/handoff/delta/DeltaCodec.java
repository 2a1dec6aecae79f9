package org.cloudlet.handoff.delta;

import java.io.IOException;

/**
 * Encodes a target chunk as a difference from a base chunk, and back.
 * Implementations may hold scratch buffers: one instance per thread.
 */
public interface DeltaCodec {

    DeltaAlgorithm algorithm();

    /**
     * Returns the delta of {@code target[0..targetLen)} against {@code base[0..baseLen)}, or {@code null} when
     * the delta would not be smaller than {@code limit} bytes (the caller then sends the chunk raw).
     */
    byte[] encode(byte[] base, int baseLen, byte[] target, int targetLen, int limit);

    /**
     * Rebuilds the target into {@code out[0..targetLen)} from the base and a delta made by {@link #encode}.
     *
     * @throws IOException when the delta is malformed or does not yield exactly {@code targetLen} bytes
     */
    void decode(byte[] base, int baseLen, byte[] delta, int deltaOff, int deltaLen, byte[] out, int targetLen)
            throws IOException;
}
