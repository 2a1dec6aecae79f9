package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.Mode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Picks the mode that maximises min(processing throughput, bandwidth / R) over every mode of the profile. A new
 * mode must promise {@link #MARGIN} more than the current one, so measurement noise (levels of one compressor
 * often predict within a few per cent of each other) does not make it flap. Among
 * modes that promise the same, the one with the smaller output wins (fewer bytes on a link others share).
 */
public final class ModeChooser {
    static final double MARGIN = 0.10;
    private static final double SAME = 0.01;

    private final ThroughputModel model;

    public ModeChooser(ThroughputModel model) {
        this.model = model;
    }

    /** The decision, with every mode's prediction ranked best first. */
    public record Choice(Mode chosen, Prediction current, List<Prediction> ranked) {
        public Prediction best() {
            return ranked.get(0);
        }

        public boolean changed() {
            return !chosen.equals(current.mode());
        }
    }

    public Choice choose(Mode current, Measurement m, Map<Mode, Double> ratios) {
        return choose(current, m, ratios, Map.of());
    }

    /** With live ratios of compressors ({@code ratios}) and of delta algorithms ({@code deltas}) on this VM's data. */
    public Choice choose(Mode current, Measurement m, Map<Mode, Double> ratios, Map<DeltaAlgorithm, Double> deltas) {
        List<Prediction> all = rank(current, m, ratios, deltas);
        Prediction now = all.stream().filter(p -> p.mode().equals(current)).findFirst()
                .orElseGet(() -> model.predict(current, current, m, ratios, deltas));
        Prediction best = all.get(0);
        Mode chosen = best.expectedBytesPerSecond() > now.expectedBytesPerSecond() * (1 + MARGIN) ? best.mode() : current;
        return new Choice(chosen, now, all);
    }

    /** Every profiled mode's prediction, best first. */
    public List<Prediction> rank(Mode current, Measurement m, Map<Mode, Double> ratios, Map<DeltaAlgorithm, Double> deltas) {
        List<Prediction> all = new ArrayList<>();
        for (Mode mode : model.profile().modes()) {
            all.add(model.predict(mode, current, m, ratios, deltas));
        }
        double top = all.stream().mapToDouble(Prediction::expectedBytesPerSecond).max().orElse(0);
        // Within SAME of the top, prefer the smaller output; otherwise the higher throughput.
        all.sort(Comparator.comparing((Prediction p) -> p.expectedBytesPerSecond() < top * (1 - SAME))
                .thenComparing(p -> p.expectedBytesPerSecond() < top * (1 - SAME) ? -p.expectedBytesPerSecond() : p.ratio()));
        return all;
    }
}
