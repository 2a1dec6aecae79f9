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
    static final double NOISE_MICROS = 0.5;
    /** Stages with one worker whatever the configuration: they fix the wire order. */
    private static final java.util.Set<String> SINGLE = java.util.Set.of("self-dedup", "segment", "write");

    private final Profile profile;
    private final PipelineConfig workers;
    private final LearnedCosts costs;

    public ThroughputModel(Profile profile, PipelineConfig workers) {
        this.profile = profile;
        this.workers = workers;
        this.costs = new LearnedCosts(profile);
    }

    public Profile profile() {
        return profile;
    }

    /** The profile as corrected by what modes cost when they ran in this handoff. */
    LearnedCosts costs() {
        return costs;
    }

    /**
     * {@code mode}'s expected rates, given that {@code current} ran and measured {@code m}; {@code ratios} holds
     * live compressor ratios relative to the current one (may be empty).
     */
    public Prediction predict(Mode mode, Mode current, Measurement m, Map<Mode, Double> ratios) {
        return predict(mode, current, m, ratios, DeltaRelations.NONE);
    }

    /** As {@link #predict(Mode, Mode, Measurement, Map)}, with live delta-algorithm ratios ({@link RatioProbe#deltas()}). */
    public Prediction predict(Mode mode, Mode current, Measurement m, Map<Mode, Double> ratios, DeltaRelations deltas) {
        return predict(mode, current, m, LiveReadings.of(ratios, deltas));
    }

    /** {@code mode}'s expected rates, given that {@code current} ran and measured {@code m}, and what the probes read. */
    public Prediction predict(Mode mode, Mode current, Measurement m, LiveReadings live) {
        Profile.Entry now = costs.entry(current);
        Profile.Entry then = costs.entry(mode);
        if (now == null || then == null) {
            throw new IllegalArgumentException("mode " + (now == null ? current : mode) + " is not in the profile " + profile);
        }
        Map<String, Double> scales = stageScales(now, m);
        // What the mode cost when it ran in this handoff outweighs a probe of it on one sampled segment (seen:
        // xor+lzma-9 probed at a third of what it then took, chosen twice at 15 Mbit/s, CPU-bound both times).
        double liveCompress = costs.learned(mode, "compress") ? -1 : liveCompressMicros(mode, current, m, live.costs(), live.deltaCosts());
        double cpu = 0;
        double chunksPerSecond = Double.MAX_VALUE;
        for (Map.Entry<String, Double> s : then.stageMicros().entrySet()) {
            String stage = s.getKey();
            double micros = stage.equals("compress") && liveCompress >= 0 ? liveCompress : s.getValue() * scales.getOrDefault(stage, 1.0);
            cpu += micros;
            if (micros > 0) {
                chunksPerSecond = Math.min(chunksPerSecond, stageWorkers(stage) * 1e6 / micros);
            }
        }
        // On a shared host the destination's decoding runs on our cores too: what it takes now is freed for the
        // mode, which then pays its own decoding there (seen: bzip2-9's large blocks took the destination 1.7 times
        // bzip2-5's CPU per chunk, the encoders alike; bzip2-9 took in a fifth less on the testbed's 35 Mbit/s link).
        double compressScale = scales.getOrDefault("compress", 1.0);
        double peer = peerMicros(then, now, m, compressScale);
        double peerNow = peerMicros(now, now, m, compressScale);
        // the destination's CPU freed for the mode: as much of what it took as the current mode is taken to cost there
        double freed = m.peerMicros() > 0 ? m.peerCores() * peerNow / m.peerMicros() : 0;
        if (cpu + peer > 0) {
            chunksPerSecond = Math.min(chunksPerSecond, (Math.max(m.cores(), 0.1) + freed) * 1e6 / (cpu + peer));
        }
        double processing = chunksPerSecond == Double.MAX_VALUE ? Double.MAX_VALUE : chunksPerSecond * m.bytesPerChunk();
        processing = Math.min(processing, destinationRate(then, now, m, peerNow, peer));
        double ratio = m.ratio() * relativeRatio(mode, current, live.ratios(), live.deltas());
        double network = ratio <= 0 ? Double.MAX_VALUE : m.bandwidthBytesPerSecond() / ratio;
        return new Prediction(mode, processing, network, ratio, cpu);
    }

    /**
     * Input bytes per second the destination's decoders take in mode {@code then}, where they held the stream up in the
     * current mode {@code now} at {@link Measurement#destinationBytesPerSecond()}: that rate by the two modes' time per
     * chunk there — its CPU per chunk on a shared host ({@code peerNow}, {@code peerThen}: {@link #peerMicros} of each,
     * 0 on another host), else the profile's decoding times. A mode
     * that decodes faster relieves them, one that encodes faster does not (seen on the 35 Mbit/s stretch of the change
     * set: xor+bzip2-9, whose decoding the profile times at 2.2 times bzip2-6's, acknowledged at 3.0 MB/s of a 4.2 MB/s
     * link with the destination's reader held up half the time; every bzip2 level forecast alike on that link, and
     * bzip2-9 kept). Unlimited where they held nothing up.
     */
    static double destinationRate(Profile.Entry then, Profile.Entry now, Measurement m, double peerNow, double peerThen) {
        double rate = m.destinationBytesPerSecond();
        if (rate <= 0 || then.decodeMicros() <= 0 || now.decodeMicros() <= 0) {
            return Double.MAX_VALUE;
        }
        return peerNow > 0 && peerThen > 0 ? rate * peerNow / peerThen : rate * now.decodeMicros() / then.decodeMicros();
    }

    /**
     * The destination's CPU per chunk on our cores in mode {@code then}, from what it measured in the current mode
     * {@code now}: that, with the difference of the two modes' profiled decoding times added at this handoff's scale.
     * Not in proportion to the decoding times: the destination also reads, checks and hands on every chunk whatever
     * the mode (seen: 56 µs per chunk under xor+zstd-6, whose decoder the profile times at 7, so in proportion bzip2-3
     * would have cost 490 where static bzip2-5 cost 160). The scale is our compress stage's own (measured over
     * profiled) for the share of the destination's CPUs that are ours. What the current mode is taken to cost there
     * is at most its decoding at that scale: the destination's CPU over an interval is not all this interval's chunks'
     * (seen at a rise of the link: 1.2 ms per chunk, the destination working off the slow phase's backlog while 1.7 MB/s
     * came in, every mode priced at it and the cheapest encoder, none, taken for the 35 Mbit/s link).
     */
    static double peerMicros(Profile.Entry then, Profile.Entry now, Measurement m, double compressScale) {
        if (m.peerMicros() <= 0 || then.decodeMicros() <= 0 || now.decodeMicros() <= 0 || compressScale <= 0) {
            return 0;
        }
        double scale = m.peerShare() * compressScale;
        double current = Math.min(m.peerMicros(), scale * now.decodeMicros());
        return Math.max(0, current + scale * (then.decodeMicros() - now.decodeMicros()));
    }

    /**
     * The compress stage's CPU per chunk for {@code mode} from what the current compressor measured in this interval
     * and the probes' live cost of {@code mode}'s compressor relative to it, on the current delta's output; another
     * delta changes the compressor's input as the probes of the delta algorithms measured it under that compressor
     * ({@code deltaCosts}), else as the profile says; -1 when the probes have no such reading or the current compressor's cost is noise (no
     * compression).
     */
    double liveCompressMicros(Mode mode, Mode current, Measurement m, Map<Mode, Double> relativeCosts, DeltaRelations deltaCosts) {
        Mode onCurrentDelta = mode.withDelta(current.delta());
        Double relative = mode.sameCompressor(current) ? Double.valueOf(1.0) : relativeCosts.get(onCurrentDelta);
        double measured = m.stageMicros().getOrDefault("compress", 0.0);
        if (relative == null || measured < NOISE_MICROS || mode.equals(current)) {
            return -1;
        }
        double deltaShare = 1.0;
        if (mode.delta() != current.delta()) {
            Double live = deltaCosts.share(mode.codec(), mode.delta(), current.delta());
            if (live != null) {
                deltaShare = live;
            } else {
                Profile.Entry to = costs.entry(mode);
                Profile.Entry from = costs.entry(onCurrentDelta);
                if (to == null || from == null || from.micros("compress") < NOISE_MICROS) {
                    return -1;
                }
                deltaShare = to.micros("compress") / from.micros("compress");
            }
        }
        return measured * relative * deltaShare;
    }

    /**
     * Scale_P of each stage: measured / profiled CPU per chunk of the mode that ran; a stage whose profiled cost is
     * noise takes the whole pipeline's scale instead.
     */
    static Map<String, Double> stageScales(Profile.Entry profiled, Measurement m) {
        double overall = profiled.totalMicros() > 0 ? m.totalMicros() / profiled.totalMicros() : 1.0;
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        profiled.stageMicros().forEach((stage, micros) -> out.put(stage,
                micros >= NOISE_MICROS ? m.stageMicros().getOrDefault(stage, 0.0) / micros : overall));
        return out;
    }

    /**
     * R(mode) / R(current), as the compressor's share times the delta algorithm's. The compressor's: a live probe
     * on the current delta's output (this level, or the nearest probed level of the same compressor carried over
     * by the profile's ratio between levels), else the profile. The delta's: a live probe of the delta algorithms
     * under {@code mode}'s compressor ({@code deltas}), else the profile.
     */
    double relativeRatio(Mode mode, Mode current, Map<Mode, Double> ratios, DeltaRelations deltas) {
        if (mode.equals(current)) {
            return 1.0;
        }
        Mode onCurrentDelta = mode.withDelta(current.delta());
        double codecShare = codecShare(onCurrentDelta, current, ratios);
        Double probed = deltas.share(mode.codec(), mode.delta(), current.delta());
        double deltaShare = probed != null ? probed : ratio(mode) / Math.max(ratio(onCurrentDelta), 1e-9);
        return codecShare * deltaShare;
    }

    /**
     * R(mode) / R(current) for a mode with the current delta algorithm: its live reading; else, for an unprobed level,
     * the readings of the nearest probed levels of the same compressor on either side, each carried over by the
     * profile's ratio between levels and weighted by nearness (one side only: the nearest); else the profile. Taking
     * whichever side came first let one level inherit a neighbour's reading that the neighbour on the other side
     * contradicted (seen: bzip2-8 read 14 % under the running bzip2-7 because bzip2-9 did, and the mode walked 7 → 8 → 9).
     */
    private double codecShare(Mode mode, Mode current, Map<Mode, Double> ratios) {
        if (mode.equals(current)) {
            return 1.0;
        }
        Double probed = ratios.get(mode);
        if (probed != null) {
            return probed;
        }
        Map<Mode, Double> known = new java.util.HashMap<>(ratios);
        known.putIfAbsent(current, 1.0);
        NearestLevels levels = NearestLevels.of(mode,
                known.keySet().stream().filter(k -> k.delta() == current.delta() && profile.has(k)).toList());
        Mode below = levels.below();
        Mode above = levels.above();
        if (below == null && above == null) {
            return ratio(mode) / Math.max(ratio(current), 1e-9);
        }
        if (below == null || above == null) {
            Mode near = below != null ? below : above;
            return carried(mode, near, known.get(near));
        }
        double toAbove = (double) (mode.level() - below.level()) / (above.level() - below.level());
        return (1 - toAbove) * carried(mode, below, known.get(below)) + toAbove * carried(mode, above, known.get(above));
    }

    /** {@code mode}'s share from {@code measured}'s reading, by the profile's ratio between the two levels. */
    private double carried(Mode mode, Mode measured, double reading) {
        return reading * ratio(mode) / Math.max(ratio(measured), 1e-9);
    }

    private double ratio(Mode m) {
        Profile.Entry e = profile.entry(m);
        if (e == null) {
            throw new IllegalArgumentException("mode " + m + " is not in the profile " + profile);
        }
        return e.ratio();
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
