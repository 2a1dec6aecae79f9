package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.Mode;

import java.util.Map;

/**
 * What the probes measured on this VM's data, each relative to the current mode: compressors' output sizes
 * ({@code ratios}) and CPU per byte ({@code costs}), keyed by mode on the current delta, and delta algorithms' output
 * sizes per compressor ({@code deltas}), and on how many samples each compressor and level was read together with the current one
 * ({@code shared}, keyed by mode without delta), and the compressor's CPU on each delta algorithm's output
 * ({@code deltaCosts}). Empty maps leave the profile to decide.
 */
public record LiveReadings(Map<Mode, Double> ratios, DeltaRelations deltas, Map<Mode, Double> costs,
                           Map<Mode, Integer> shared, DeltaRelations deltaCosts) {
    /** Samples on which a compressor must have been read beside the current one before a switch to it. */
    static final int CONFIRMING_SAMPLES = 2;

    public static final LiveReadings NONE = new LiveReadings(Map.of(), DeltaRelations.NONE, Map.of(), Map.of());

    public LiveReadings {
        ratios = Map.copyOf(ratios);
        costs = Map.copyOf(costs);
        shared = Map.copyOf(shared);
    }

    /** Without live costs of the compressor on each delta's output ({@link RatioProbe#deltaCosts()}). */
    public LiveReadings(Map<Mode, Double> ratios, DeltaRelations deltas, Map<Mode, Double> costs, Map<Mode, Integer> shared) {
        this(ratios, deltas, costs, shared, DeltaRelations.NONE);
    }

    /** Sizes only, each as read beside the current compressor on enough samples to count ({@link #unconfirmed}). */
    public static LiveReadings of(Map<Mode, Double> ratios, DeltaRelations deltas) {
        Map<Mode, Integer> shared = new java.util.HashMap<>();
        ratios.keySet().forEach(m -> shared.put(m.withDelta(DeltaAlgorithm.NONE), CONFIRMING_SAMPLES));
        return new LiveReadings(ratios, deltas, Map.of(), shared);
    }

    /**
     * Whether the probes read {@code mode}'s own compressor and level beside the current one's on fewer than
     * {@link #CONFIRMING_SAMPLES} samples. What they say of it otherwise rests on one segment, on readings taken on
     * other segments, or on the profile's reference workload: a level's figure carried from a read level of its
     * compressor is the profile's relation between levels (seen: zstd-17 carried from zstd-1 at 0.84 of the running
     * bzip2-6, switched to, then read 1.2 of it for 40 s at 5 Mbit/s), and a compressor none of whose levels the kept
     * readings hold is the profile's alone (seen: lzma-1 switched to at 0.90 of bzip2-9 by the profile, where the
     * guest's pages had read it 1.2 of bzip2-9 a minute before). A second reading of the level itself costs one
     * compressor on a MiB or two. With no readings at all (nothing sampled yet) there is nothing to confirm by: the
     * profile decides alone.
     */
    public boolean unconfirmed(Mode mode) {
        return !shared.isEmpty() && shared.getOrDefault(mode.withDelta(DeltaAlgorithm.NONE), 0) < CONFIRMING_SAMPLES;
    }
}
