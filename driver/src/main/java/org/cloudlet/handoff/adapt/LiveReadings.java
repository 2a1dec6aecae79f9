package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.compress.CodecId;
import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.Mode;

import java.util.Map;

/**
 * What the probes measured on this VM's data, each relative to the current mode: compressors' output sizes
 * ({@code ratios}) and CPU per byte ({@code costs}), keyed by mode on the current delta, and delta algorithms' output
 * sizes ({@code deltas}), and on how many samples each compressor was read ({@code samples}). Empty maps leave the
 * profile to decide.
 */
public record LiveReadings(Map<Mode, Double> ratios, Map<DeltaAlgorithm, Double> deltas, Map<Mode, Double> costs,
                           Map<CodecId, Integer> samples) {
    public static final LiveReadings NONE = new LiveReadings(Map.of(), Map.of(), Map.of(), Map.of());

    public LiveReadings {
        ratios = Map.copyOf(ratios);
        deltas = Map.copyOf(deltas);
        costs = Map.copyOf(costs);
        samples = Map.copyOf(samples);
    }

    /** Sizes only, as before costs were measured. */
    public static LiveReadings of(Map<Mode, Double> ratios, Map<DeltaAlgorithm, Double> deltas) {
        return new LiveReadings(ratios, deltas, Map.of(), Map.of());
    }

    /** Whether {@code mode}'s compressor was read on exactly one sample: probed, but not yet confirmed. */
    public boolean readOnce(Mode mode) {
        return samples.getOrDefault(mode.codec(), 0) == 1;
    }
}
