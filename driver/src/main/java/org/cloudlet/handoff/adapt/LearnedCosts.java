package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Corrects the profile's relative cost of the mode-dependent stages (delta, compress) from what modes cost when
 * they ran one after the other. The profile's relation between, say, zstd-14 and zstd-15 was measured on the
 * reference workload; on this VM's data it can be off by more than the chooser's margin, and then each of two
 * neighbouring modes predicts the other better and the controller flips between them every interval (seen on the
 * Debian guest). Comparing the CPU per byte entering a stage in the interval before a switch with the one after it
 * measures the real relation on the same data; the mode just entered then carries that correction whenever it is
 * predicted again. A switch between levels of one compressor corrects that level alone; a switch from another
 * compressor corrects every level of the new one alike, the levels' relations staying the profile's: the relation
 * learned is the two compressors' on this data, and given to the one level it made that level look a third cheaper
 * than its neighbours (seen on the 5 -> 35 Mbit/s change: xor+bzip2-9 learned 0.71 of its profiled cost against the
 * xor+lzma-9 it followed, every other bzip2 level forecast 25 % dearer than it, and bzip2-9, whose large blocks cost
 * more to encode and to decode, kept on the fast link beside a fill where the lighter levels kept it full alone).
 */
final class LearnedCosts {
    /** The stages whose cost depends on the mode; the others cost the same in every mode. */
    private static final List<String> STAGES = List.of("delta", "compress");
    /** Bytes into a stage an interval needs before its cost per byte says anything. */
    static final long MIN_BYTES = 1 << 20;
    /** A learned factor beyond this says more about a change of data than about the modes. */
    private static final double LIMIT = 8;

    private final Profile profile;
    /** Per level, learned on a switch from another level of the same compressor; it outweighs the compressor's figure. */
    private final Map<Mode, Map<String, Double>> factors = new HashMap<>();
    /** Per compressor (with its delta), learned on a switch from another compressor: every level's. */
    private final Map<String, Map<String, Double>> families = new HashMap<>();
    /** The stages each mode's own running taught. */
    private final Map<Mode, Set<String>> ran = new HashMap<>();
    private Mode lastMode;
    private Map<String, Double> lastNanosPerByte = new HashMap<>();

    LearnedCosts(Profile profile) {
        this.profile = profile;
    }

    /** The profile's entry for {@code mode} with its learned corrections applied. */
    Profile.Entry entry(Mode mode) {
        Profile.Entry e = profile.entry(mode);
        Map<String, Double> own = factors.getOrDefault(mode, Map.of());
        Map<String, Double> family = families.getOrDefault(family(mode), Map.of());
        if (e == null || own.isEmpty() && family.isEmpty()) {
            return e;
        }
        Map<String, Double> micros = new LinkedHashMap<>(e.stageMicros());
        for (String stage : STAGES) {
            Double factor = own.getOrDefault(stage, family.get(stage));
            if (factor != null) {
                micros.computeIfPresent(stage, (s, m) -> m * factor);
            }
        }
        return new Profile.Entry(mode, micros, e.ratio(), e.decodeMicros());
    }

    /** The compressor {@code mode}'s levels share, after its delta: its learned figure's key. */
    private static String family(Mode mode) {
        return mode.name().replaceFirst("-\\d+$", "-*");
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
        Map<String, Double> f = mode.codec() == lastMode.codec() ? factors.computeIfAbsent(mode, m -> new HashMap<>())
                : families.computeIfAbsent(family(mode), m -> new HashMap<>());
        f.merge(stage, factor, (old, fresh) -> Math.sqrt(old * fresh)); // the earlier reading counts as much
        ran.computeIfAbsent(mode, m -> new HashSet<>()).add(stage);
    }

    /** Whether {@code mode}'s {@code stage} has a correction learned from running it in this handoff. */
    boolean learned(Mode mode, String stage) {
        return ran.getOrDefault(mode, Set.of()).contains(stage);
    }

    /** mode (or compressor, its level "*") → stage → factor on the profiled cost, for the trace. */
    Map<String, Map<String, Double>> factors() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        families.forEach((family, f) -> out.put(family, Map.copyOf(f)));
        factors.forEach((mode, f) -> out.put(mode.name(), Map.copyOf(f)));
        return out;
    }
}
