package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.Mode;

/**
 * What one mode is expected to do, in input bytes per second: the pipeline's processing rate with the cores at
 * hand, and the rate at which the link drains its output (bandwidth / R). The handoff advances at the smaller, or
 * with a lighter compressor filling the link beside it at its {@link #fill()}'s rate.
 */
public record Prediction(Mode mode, double processingBytesPerSecond, double networkBytesPerSecond, double ratio, double cpuMicrosPerChunk,
                         FillBlend fill) {

    public Prediction(Mode mode, double processingBytesPerSecond, double networkBytesPerSecond, double ratio, double cpuMicrosPerChunk) {
        this(mode, processingBytesPerSecond, networkBytesPerSecond, ratio, cpuMicrosPerChunk, null);
    }

    /** This prediction with {@code blend} as its fill (null: none). */
    public Prediction withFill(FillBlend blend) {
        return new Prediction(mode, processingBytesPerSecond, networkBytesPerSecond, ratio, cpuMicrosPerChunk, blend);
    }

    public double expectedBytesPerSecond() {
        return Math.min(processingBytesPerSecond, networkBytesPerSecond);
    }

    /** Output the pipeline could produce if the link were not in the way: what the paper plots as potential. */
    public double potentialOutputBytesPerSecond() {
        return processingBytesPerSecond * ratio;
    }

    public boolean networkBound() {
        return networkBytesPerSecond <= processingBytesPerSecond;
    }
}
