package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Carries the paper's scale factors (measured / profiled, per stage for P, and for R) from one decision interval
 * to the next, averaged with the earlier intervals' weighted by their input and halved at each step. One interval
 * of QEMU's stream can be all pages equal to the base, the next all fresh data; deciding on either alone makes the
 * mode flap. Scales rather than raw figures are averaged, so intervals run in different modes combine.
 */
final class ScaleSmoother {
    private static final double DECAY = 0.5;
    /**
     * An interval whose R is this multiple of the smoothed one, over at least {@link #CHANGED_CHUNKS} chunks, starts
     * the average afresh: the data changed, as where the probes' opening is taken again. Weighted by input, the first
     * pass's zero-rich start (hundreds of MB at R 0.03-0.07) outweighed the dense pages after it for three or four
     * intervals, and every forecast took the link for two to three times as fast as it was for them: cheap modes
     * kept (seen at 2 cores 10 Mbit/s: xor+lzma-2 chosen at 3 s at R 0.07, the stream at R 0.17-0.25 from 8 s on,
     * bzip2-9 read 14 % smaller at 14.8 s and held back by a forecast of its CPU on the old figures until 19.5 s).
     */
    static final double CHANGED = LiveRatios.DATA_CHANGED;
    /** Four segments' worth of chunks: less is too little data to say it changed. */
    static final long CHANGED_CHUNKS = 1024;

    private final Function<Mode, Profile.Entry> profile;
    private final Map<String, Double> stageScale = new HashMap<>();
    private double ratioScale;
    private double bytesPerChunk;
    private double weight;

    ScaleSmoother(Profile profile) {
        this(profile::entry);
    }

    /** Scales against {@code profile}'s entries (the model's, with what it learned in this handoff). */
    ScaleSmoother(Function<Mode, Profile.Entry> profile) {
        this.profile = profile;
    }

    /**
     * Folds in what {@code mode} measured and returns the smoothed equivalent: what {@code mode} would measure
     * with the averaged scales.
     */
    Measurement smooth(Mode mode, Measurement m) {
        Profile.Entry e = profile.apply(mode);
        double w = m.chunksIn();
        if (e == null || w <= 0) {
            return m;
        }
        double r = e.ratio() > 0 ? m.ratio() / e.ratio() : 1.0;
        if (weight > 0 && w >= CHANGED_CHUNKS && r >= CHANGED * ratioScale) {
            weight = 0;
            stageScale.clear();
        }
        double kept = weight * DECAY;
        double total = kept + w;
        ThroughputModel.stageScales(e, m).forEach((stage, scale) ->
                stageScale.merge(stage, scale, (old, now) -> (old * kept + now * w) / total));
        ratioScale = weight == 0 ? r : (ratioScale * kept + r * w) / total;
        bytesPerChunk = weight == 0 ? m.bytesPerChunk() : (bytesPerChunk * kept + m.bytesPerChunk() * w) / total;
        weight = total;

        Map<String, Double> micros = new LinkedHashMap<>();
        e.stageMicros().forEach((stage, profiled) -> micros.put(stage, profiled * stageScale.getOrDefault(stage, 1.0)));
        long chunks = m.chunksIn();
        long in = Math.round(chunks * bytesPerChunk);
        return new Measurement(m.seconds(), chunks, in, Math.round(in * e.ratio() * ratioScale), micros, m.cores(),
                m.bandwidthBytesPerSecond(), m.linkBound(), m.peerMicros(), m.peerShare(), m.destinationBytesPerSecond());
    }
}
