package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.Mode;

import java.util.Map;

/**
 * What the probes measured on this VM's data, each relative to the current mode: compressors' output sizes
 * ({@code ratios}) and CPU per byte ({@code costs}), keyed by mode on the current delta, and delta algorithms' output
 * sizes ({@code deltas}), and on how many samples each compressor and level was read together with the current one
 * ({@code shared}, keyed by mode without delta). Empty maps leave the profile to decide.
 */
public record LiveReadings(Map<Mode, Double> ratios, Map<DeltaAlgorithm, Double> deltas, Map<Mode, Double> costs,
                           Map<Mode, Integer> shared) {
    /** Samples on which a compressor must have been read beside the current one before a switch to it. */
    static final int CONFIRMING_SAMPLES = 2;

    public static final LiveReadings NONE = new LiveReadings(Map.of(), Map.of(), Map.of(), Map.of());

    public LiveReadings {
        ratios = Map.copyOf(ratios);
        deltas = Map.copyOf(deltas);
        costs = Map.copyOf(costs);
        shared = Map.copyOf(shared);
    }

    /** Sizes only, as before costs were measured. */
    public static LiveReadings of(Map<Mode, Double> ratios, Map<DeltaAlgorithm, Double> deltas) {
        return new LiveReadings(ratios, deltas, Map.of(), Map.of());
    }

    /**
     * Whether the probes read {@code mode}'s compressor and level, but beside the current one's on fewer than
     * {@link #CONFIRMING_SAMPLES} samples: what they say of it rests on one segment, or on readings taken on other
     * segments. A level never read itself takes its live figure from the nearest read levels of its compressor
     * ({@link ThroughputModel}), and is as unconfirmed as they are (seen: xor+lzma-3 read once at 0.64 of the running
     * xor+bzip2-9 where lzma-5 read 1.09, and lzma-1, carried from it, switched to at once; it measured 1.07). One
     * whose compressor was never read at all is known by the profile alone, no fluke of a segment's.
     */
    public boolean unconfirmed(Mode mode) {
        Mode codec = mode.withDelta(DeltaAlgorithm.NONE);
        Integer n = shared.get(codec);
        if (n != null) {
            return n < CONFIRMING_SAMPLES;
        }
        NearestLevels near = NearestLevels.of(codec, shared.keySet());
        return near.below() != null && shared.get(near.below()) < CONFIRMING_SAMPLES
                || near.above() != null && shared.get(near.above()) < CONFIRMING_SAMPLES;
    }
}
