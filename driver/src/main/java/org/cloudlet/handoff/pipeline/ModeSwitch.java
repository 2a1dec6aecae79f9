package org.cloudlet.handoff.pipeline;

import java.util.Objects;

/**
 * The mode the pipeline runs in, changeable at any moment from another thread (the adaptation controller).
 * The delta stage reads it per batch, the compress stage per segment, so a change takes effect between segments.
 * Both stages also leave copies of a little of what they see here, for the controller to try other modes on.
 */
public final class ModeSwitch {
    private volatile Mode current;
    private final SegmentSample sample = new SegmentSample();
    private final DeltaSample deltaSample = new DeltaSample();

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
}
