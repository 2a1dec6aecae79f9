package org.cloudlet.handoff.delta;

import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.Chunk;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.pipeline.ChunkStage;
import org.cloudlet.handoff.pipeline.ModeSwitch;
import org.cloudlet.handoff.wire.Varint;

import java.util.EnumMap;
import java.util.Map;

/**
 * Encodes each chunk still to be sent as a delta against the base chunk at the same address, in the algorithm
 * of the current mode, and keeps the delta only if it is smaller than sending the chunk raw.
 */
public final class DeltaStage implements ChunkStage {
    private final Base base;
    private final ModeSwitch mode;
    private final Map<DeltaAlgorithm, DeltaCodec> codecs = new EnumMap<>(DeltaAlgorithm.class);
    private final byte[] baseChunk = new byte[ChunkFormat.CHUNK_SIZE];

    public DeltaStage(Base base, ModeSwitch mode) {
        this.base = base;
        this.mode = mode;
    }

    /** A delta is kept only below this size: a delta item spends an algorithm byte and a length varint a raw item does not. */
    public static int limit(int chunkLength) {
        return chunkLength - 1 - Varint.size(chunkLength);
    }

    @Override
    public void process(Chunk chunk) throws Exception {
        DeltaAlgorithm algorithm = mode.current().delta();
        boolean sample = mode.deltaSample().wanted();
        if ((algorithm == DeltaAlgorithm.NONE && !sample) || base == null) {
            return;
        }
        BaseSpace same = base.space(chunk.space().name());
        if (same == null || chunk.index() >= same.chunkCount()) {
            return; // no base chunk at this address: nothing to diff against
        }
        int baseLen = same.read(chunk.index(), baseChunk);
        if (sample) {
            mode.deltaSample().offer(baseChunk, baseLen, chunk.data(), chunk.length());
        }
        if (algorithm == DeltaAlgorithm.NONE) {
            return;
        }
        int limit = limit(chunk.length());
        byte[] delta = codecs.computeIfAbsent(algorithm, Deltas::open)
                .encode(baseChunk, baseLen, chunk.data(), chunk.length(), limit);
        if (delta != null && delta.length < limit) {
            chunk.delta(algorithm, delta);
        }
    }
}
