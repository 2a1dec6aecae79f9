package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.delta.DeltaAlgorithm;
import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.ModeSwitch;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this VM's data says of the compressors and delta algorithms, for the chooser: at each decision a
 * {@link RatioProbe} of recent segments and delta samples, within {@link #BUDGET} of one core over the handoff, so
 * the probes never take the CPU the pipeline needs.
 */
final class LiveRatios implements AutoCloseable {
    /** Compressors tried on live data at each decision, besides the current one. */
    private static final int PROBES = 12;
    /** Share of one core the probes may use, over the handoff so far. */
    static final double BUDGET = 0.05;
    /** Recent segments each probe compresses. */
    private static final int SEGMENTS = 2;

    private final RatioProbe probe;

    LiveRatios(Profile profile) {
        this.probe = new RatioProbe(codec -> profiledNanosPerByte(profile, codec));
    }

    /**
     * Probes the best-looking compressors and the delta algorithms on what {@code mode} sampled, with what is left
     * of the budget {@code elapsedNanos} into the handoff. Over budget it still measures a compressor never measured
     * (just switched to): without a reading of it, every live ratio is unusable and the profile's reference workload
     * decides alone.
     */
    void update(Mode current, List<Prediction> ranked, ModeSwitch mode, long elapsedNanos) {
        long allowance = (long) (BUDGET * elapsedNanos) - probe.cpuNanos();
        if (allowance <= 0 && probe.knows(current)) {
            return;
        }
        List<byte[]> samples = mode.sample().snapshot();
        probe.probe(current, candidates(current, ranked), samples.subList(Math.max(0, samples.size() - SEGMENTS), samples.size()),
                Math.max(0, allowance));
        if (BUDGET * elapsedNanos > probe.cpuNanos()) {
            probe.probeDeltas(current, mode.deltaSample().snapshot());
        }
    }

    /** Compressors' output relative to {@code current}'s (see {@link RatioProbe#relative(Mode)}). */
    Map<Mode, Double> relative(Mode current) {
        return probe.relative(current);
    }

    /** Delta algorithms' output relative to the current one's (see {@link RatioProbe#deltas()}). */
    Map<DeltaAlgorithm, Double> deltas() {
        return probe.deltas();
    }

    /** CPU spent probing so far. */
    long cpuNanos() {
        return probe.cpuNanos();
    }

    /**
     * What to try on live data, on the current delta: the best-ranked level of each compressor (so every family gets
     * measured on this VM's data, not only the one the reference workload favoured), each compressor's strongest
     * level (how far its levels reach on this data is what the profile knows least), then the next best-ranked.
     */
    static Set<Mode> candidates(Mode current, List<Prediction> ranked) {
        Set<Mode> out = new LinkedHashSet<>();
        Set<Object> families = new HashSet<>();
        families.add(current.codec());
        Map<Object, Integer> strongest = new java.util.HashMap<>();
        for (Prediction p : ranked) {
            strongest.merge(p.mode().codec(), p.mode().level(), Math::max);
            if (families.add(p.mode().codec())) {
                out.add(new Mode(current.delta(), p.mode().codec(), p.mode().level()));
            }
        }
        for (Prediction p : ranked) {
            if (strongest.get(p.mode().codec()) == p.mode().level() && !(p.mode().codec() == current.codec() && p.mode().level() == current.level())) {
                out.add(new Mode(current.delta(), p.mode().codec(), p.mode().level()));
            }
        }
        for (Prediction p : ranked) {
            if (out.size() >= PROBES) {
                break;
            }
            if (p.mode().codec() != current.codec() || p.mode().level() != current.level()) {
                out.add(new Mode(current.delta(), p.mode().codec(), p.mode().level()));
            }
        }
        return out;
    }

    /** The profile's compression CPU per input byte of a compressor without delta (0: not profiled). */
    static double profiledNanosPerByte(Profile profile, Mode codec) {
        Profile.Entry e = profile.entry(codec);
        return e == null ? 0 : e.micros("compress") * 1000 / 4096;
    }

    @Override
    public void close() {
        probe.close();
    }
}
