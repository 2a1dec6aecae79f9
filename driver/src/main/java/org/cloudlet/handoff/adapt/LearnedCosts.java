package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Corrects the profile's relative cost of the mode-dependent stages (delta, compress) from what modes cost when
 * they ran one after the other. The profile's relation between, say, zstd-14 and zstd-15 was measured on the
 * reference workload; on this VM's data it can be off by more than the chooser's margin, and then each of two
 * neighbouring modes predicts the other better and the controller flips between them every interval (seen on the
 * Debian guest). Comparing the CPU per byte entering a stage in the interval before a switch with the one after it
 * measures the real relation on the same data; the mode just entered then carries that correction whenever it is
 * predicted again.
 */
final class LearnedCosts {
    /** The stages whose cost depends on the mode; the others cost the same in every mode. */
    private static final List<String> STAGES = List.of("delta", "compress");
    /** Bytes into a stage an interval needs before its cost per byte says anything. */
    static final long MIN_BYTES = 1 << 20;
    /** A learned factor beyond this says more about a change of data than about the modes. */
    private static final double LIMIT = 8;

    private final Profile profile;
    private final Map<Mode, Map<String, Double>> factors = new HashMap<>();
    private Mode lastMode;
    private Map<String, Double> lastNanosPerByte = new HashMap<>();

    LearnedCosts(Profile profile) {
        this.profile = profile;
    }

    /** The profile's entry for {@code mode} with its learned corrections applied. */
    Profile.Entry entry(Mode mode) {
        Profile.Entry e = profile.entry(mode);
        Map<String, Double> f = factors.get(mode);
        if (e == null || f == null) {
            return e;
        }
        Map<String, Double> micros = new LinkedHashMap<>(e.stageMicros());
        f.forEach((stage, factor) -> micros.computeIfPresent(stage, (s, m) -> m * factor));
        return new Profile.Entry(mode, micros, e.ratio(), e.decodeMicros());
    }

    /**
     * An interval run entirely in {@code mode} (its stages' counter differences). When the previous observed interval
     * ran another mode, the stages both can be compared in learn {@code mode}'s correction relative to that mode.
     */
    void observe(Mode mode, List<StageCounters.Sample> interval) {
        Map<String, Double> perByte = new HashMap<>();
        for (StageCounters.Sample s : interval) {
            if (STAGES.contains(s.stage()) && s.bytesIn() >= MIN_BYTES) {
                perByte.put(s.stage(), (double) s.cpuNanos() / s.bytesIn());
            }
        }
        if (mode.equals(lastMode)) {
            lastNanosPerByte.putAll(perByte); // a stage too idle to read keeps its earlier reading in this mode
            return;
        }
        if (lastMode != null) {
            for (String stage : STAGES) {
                learn(mode, stage, perByte.get(stage), lastNanosPerByte.get(stage));
            }
        }
        lastMode = mode;
        lastNanosPerByte = perByte;
    }

    private void learn(Mode mode, String stage, Double now, Double before) {
        // The compressor's input differs between delta algorithms, so its cost per byte compares only on one.
        if (now == null || before == null || before <= 0 || now <= 0
                || stage.equals("compress") && mode.delta() != lastMode.delta()) {
            return;
        }
        Profile.Entry was = entry(lastMode);
        Profile.Entry is = profile.entry(mode);
        if (was == null || is == null || was.micros(stage) < ThroughputModel.NOISE_MICROS || is.micros(stage) < ThroughputModel.NOISE_MICROS) {
            return;
        }
        // Chosen so that corrected(mode) / corrected(lastMode) = the measured relation.
        double factor = (now / before) * was.micros(stage) / is.micros(stage);
        if (factor > LIMIT || factor < 1 / LIMIT) {
            return;
        }
        Map<String, Double> f = factors.computeIfAbsent(mode, m -> new HashMap<>());
        f.merge(stage, factor, (old, fresh) -> Math.sqrt(old * fresh)); // the earlier reading counts as much
    }

    /** Whether {@code mode}'s {@code stage} has a correction learned from running it in this handoff. */
    boolean learned(Mode mode, String stage) {
        Map<String, Double> f = factors.get(mode);
        return f != null && f.containsKey(stage);
    }

    /** mode → stage → factor on the profiled cost, for the trace. */
    Map<String, Map<String, Double>> factors() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        factors.forEach((mode, f) -> out.put(mode.name(), Map.copyOf(f)));
        return out;
    }
}
