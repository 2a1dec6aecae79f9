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
 * of the current mode, and keeps the delta only if it is clearly smaller than the chunk's own content. A delta
 * against a base page the chunk hardly resembles carries the base's bytes as well as the chunk's (an xor is both
 * wherever either is not zero) and compresses worse than the chunk: on a 1 GiB guest's live stream xor+lzma-3 sent
 * 1.4 % more than lzma-3 with every smaller-than-raw delta kept, 0.6 % less with only those under
 * {@link #KEEP_SHARE} of the chunk's non-zero bytes (bsdiff, xdelta3 and other compressors alike, and 2-3 % less on
 * the offline data set).
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

    /** A delta is kept only at most this share of the chunk's non-zero bytes (plus {@link #SLACK}). */
    static final double KEEP_SHARE = 0.75;
    /** Bytes a delta may take beyond that share: its own framing, for a chunk with almost nothing in it. */
    static final int SLACK = 16;

    /** A delta is kept only below this size: a delta item spends an algorithm byte and a length varint a raw item does not. */
    public static int limit(int chunkLength) {
        return chunkLength - 1 - Varint.size(chunkLength);
    }

    /** Whether a delta of {@code deltaLength} bytes is worth sending instead of {@code chunk}'s bytes. */
    public static boolean worthIt(int deltaLength, byte[] chunk, int chunkLength) {
        return deltaLength < limit(chunkLength) && resembles(deltaLength, chunk, chunkLength);
    }

    /** Whether a delta of {@code deltaLength} bytes says that {@code chunk} resembles what it was taken against. */
    public static boolean resembles(int deltaLength, byte[] chunk, int chunkLength) {
        return deltaLength <= KEEP_SHARE * ChunkFormat.nonZeroBytes(chunk, 0, chunkLength) + SLACK;
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
        if (delta != null && worthIt(delta.length, chunk.data(), chunk.length())) {
            chunk.delta(algorithm, delta);
        }
    }
}
