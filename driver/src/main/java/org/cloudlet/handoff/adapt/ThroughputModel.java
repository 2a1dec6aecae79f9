package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;
import org.cloudlet.handoff.pipeline.PipelineConfig;

import java.util.Map;

/**
 * Predicts every mode's throughput from the offline profile scaled by what the current mode measured (the paper's
 * Scale_P = P_current / P_profile per stage, Scale_R = R_current / R_profile). Ratios between compressors can also
 * come from {@link RatioProbe}'s live measurements, which know this VM's data where the profile only knows the
 * reference workload's.
 */
public final class ThroughputModel {
    /** Below this a stage's profiled cost is noise; it is scaled like the whole pipeline instead of by itself. */
    private static final double NOISE_MICROS = 0.5;
    /** Stages with one worker whatever the configuration: they fix the wire order. */
    private static final java.util.Set<String> SINGLE = java.util.Set.of("self-dedup", "segment", "write");

    private final Profile profile;
    private final PipelineConfig workers;

    public ThroughputModel(Profile profile, PipelineConfig workers) {
        this.profile = profile;
        this.workers = workers;
    }

    public Profile profile() {
        return profile;
    }

    /**
     * {@code mode}'s expected rates, given that {@code current} ran and measured {@code m}; {@code ratios} holds
     * live compressor ratios relative to the current one (may be empty).
     */
    public Prediction predict(Mode mode, Mode current, Measurement m, Map<Mode, Double> ratios) {
        Profile.Entry now = profile.entry(current);
        Profile.Entry then = profile.entry(mode);
        if (now == null || then == null) {
            throw new IllegalArgumentException("mode " + (now == null ? current : mode) + " is not in the profile " + profile);
        }
        double overall = now.totalMicros() > 0 ? m.totalMicros() / now.totalMicros() : 1.0;
        double cpu = 0;
        double chunksPerSecond = Double.MAX_VALUE;
        for (Map.Entry<String, Double> s : then.stageMicros().entrySet()) {
            String stage = s.getKey();
            double profiled = now.micros(stage);
            double measured = m.stageMicros().getOrDefault(stage, 0.0);
            double scale = profiled >= NOISE_MICROS ? measured / profiled : overall;
            double micros = s.getValue() * scale;
            cpu += micros;
            if (micros > 0) {
                chunksPerSecond = Math.min(chunksPerSecond, stageWorkers(stage) * 1e6 / micros);
            }
        }
        if (cpu > 0) {
            chunksPerSecond = Math.min(chunksPerSecond, Math.max(m.cores(), 0.1) * 1e6 / cpu);
        }
        double processing = chunksPerSecond == Double.MAX_VALUE ? Double.MAX_VALUE : chunksPerSecond * m.bytesPerChunk();
        double ratio = m.ratio() * relativeRatio(mode, current, ratios);
        double network = ratio <= 0 ? Double.MAX_VALUE : m.bandwidthBytesPerSecond() / ratio;
        return new Prediction(mode, processing, network, ratio, cpu);
    }

    /**
     * R(mode) / R(current). The profile gives the delta algorithm's share; a live probe of the compressor (on this
     * VM's data, after the current delta) replaces the profile's compressor share when it has one.
     */
    double relativeRatio(Mode mode, Mode current, Map<Mode, Double> ratios) {
        double profiled = profile.entry(mode).ratio() / Math.max(profile.entry(current).ratio(), 1e-9);
        if (mode.equals(current)) {
            return 1.0;
        }
        if (!ratios.containsKey(current)) { // the current compressor is its own reading: 1
            ratios = new java.util.HashMap<>(ratios);
            ratios.put(current, 1.0);
        }
        Mode sameCodec = new Mode(current.delta(), mode.codec(), mode.level());
        Double probed = ratios.get(sameCodec);
        Mode measuredAs = sameCodec;
        if (probed == null) { // another level of the same compressor: carry its live reading over by the profile's levels
            for (Map.Entry<Mode, Double> e : ratios.entrySet()) {
                if (e.getKey().delta() == current.delta() && e.getKey().codec() == mode.codec() && profile.has(e.getKey())
                        && (probed == null || Math.abs(e.getKey().level() - mode.level()) < Math.abs(measuredAs.level() - mode.level()))) {
                    probed = e.getValue();
                    measuredAs = e.getKey();
                }
            }
        }
        if (probed == null || !profile.has(measuredAs)) {
            return profiled;
        }
        // The probe measured a compressor on the current delta's output; the change of delta and level come from the profile.
        return probed * profile.entry(mode).ratio() / Math.max(profile.entry(measuredAs).ratio(), 1e-9);
    }

    private double stageWorkers(String stage) {
        if (SINGLE.contains(stage)) {
            return 1;
        }
        return switch (stage) {
            case "delta" -> workers.deltaWorkers();
            case "compress" -> workers.compressWorkers();
            default -> workers.hashWorkers();
        };
    }
}
