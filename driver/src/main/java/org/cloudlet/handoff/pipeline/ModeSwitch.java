package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.delta.DeltaAlgorithm;

import java.util.Objects;

/**
 * The mode the pipeline runs in, changeable at any moment from another thread (the adaptation controller).
 * The delta stage reads it per batch, the compress stage per segment, so a change takes effect between segments.
 * Both stages also leave copies of a little of what they see here, for the controller to try other modes on.
 * <p>
 * Besides the mode, a lighter <em>fill</em> compressor may take a share of the segments: where the mode's compressor
 * cannot keep up with the link, the link idles, and a lighter compressor on some segments fills it with more input
 * per second than either compressor alone (both the CPU and the link then run full). The fill's segments are
 * counted apart ({@link #fillCounters()}) so the mode's own cost and ratio stay measurable.
 */
public final class ModeSwitch {
    private volatile Mode current;
    private final SegmentSample sample = new SegmentSample();
    private final DeltaSample deltaSample = new DeltaSample();
    private final StageCounters fillCounters = new StageCounters("fill");
    private final StageCounters fillWritten = new StageCounters("fill-write");
    /** Compressor and level of the fill (a mode without delta), or null. */
    private Mode fill;
    private double share;
    /** Segments owed to the fill: each segment adds the share, a whole one goes to the fill. */
    private double credit;

    public ModeSwitch(Mode initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    public Mode current() {
        return current;
    }

    /** Recent segments as the compressor saw them, for trying other compressors on them. */
    public SegmentSample sample() {
        return sample;
    }

    /** Recent chunks with their base chunks, for trying other delta algorithms on them. */
    public DeltaSample deltaSample() {
        return deltaSample;
    }

    public void set(Mode mode) {
        this.current = Objects.requireNonNull(mode, "mode");
    }

    /**
     * Sets the fill compressor ({@code codec}'s compressor and level; its delta is ignored: segments carry the mode's
     * delta already) and the share of segments it takes, 0 to 1. Null: no fill.
     */
    public synchronized void fill(Mode codec, double share) {
        if (share < 0 || share > 1 || Double.isNaN(share)) {
            throw new IllegalArgumentException("fill share " + share + " is not within 0..1");
        }
        this.fill = codec == null ? null : codec.withDelta(DeltaAlgorithm.NONE);
        this.share = codec == null ? 0 : share;
        if (this.share == 0) {
            credit = 0;
        }
    }

    /** The fill compressor (a mode without delta), or null. */
    public synchronized Mode fill() {
        return fill;
    }

    /** The share of segments the fill takes. */
    public synchronized double fillShare() {
        return share;
    }

    /** The compressor a segment gets ({@code mode}, with the mode's delta), and whether it is the fill's. */
    public record Pick(Mode mode, boolean fill) {
    }

    /**
     * The compressor for the next segment: the fill's for its share of the segments, spread evenly, else the mode's.
     * Either way with the mode's delta (the segment is already encoded with it).
     */
    public synchronized Pick forSegment() {
        Mode m = current;
        if (fill == null || share <= 0) {
            return new Pick(m, false);
        }
        credit += share;
        if (credit >= 1) {
            credit -= 1;
            return new Pick(fill.withDelta(m.delta()), true);
        }
        return new Pick(m, false);
    }

    /** CPU, raw bytes in and packed bytes out of the segments the fill compressed (all counted in the compress stage too). */
    public StageCounters fillCounters() {
        return fillCounters;
    }

    /**
     * Raw bytes in and wire bytes out of the fill's segments as the writer sent them (all counted in the write stage
     * too): the writer sends a segment a while after its compression, so the stream's output in an interval is not
     * the compressor's.
     */
    public StageCounters fillWritten() {
        return fillWritten;
    }
}
