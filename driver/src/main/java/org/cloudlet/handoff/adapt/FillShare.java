package org.cloudlet.handoff.adapt;

/**
 * The share of segments the fill compressor takes ({@link FillBlend}), set from the pipeline's pace every 100 ms
 * rather than from forecasts: while QEMU waits on the pipeline and the link is not kept full, the CPU is the
 * bottleneck and the link idles, so more segments go to the light compressor; while the link runs full, or QEMU and
 * not the pipeline sets the pace, fewer (every segment the fill takes is a bigger one). Judged over the last second:
 * frames leave in bursts, and within 100 ms the sender waits on a full window now and then even while the link
 * idles a third of the time (seen: the share held near 0 with the link 70 % busy). Small steps: a share that
 * hovers where the link just stays full is the blend's best whatever the forecast said.
 */
final class FillShare {
    /**
     * Rise of the share per 100 ms sample with the link idle, less as it fills: an idle link is throughput lost for
     * good, a share too high a few per cent more bytes on a part of the input (seen with one step both ways: the
     * share swung ±0.2 over 5 s and the link idled a third of the time at each trough).
     */
    static final double UP = 0.03;
    /** Fall of the share per 100 ms sample. */
    static final double DOWN = 0.01;
    /** QEMU waited on the pipeline at least this share of the last second: the pipeline set the pace. */
    static final double PACED = 0.5;
    /** The sender waited on the link at least this share of the last second: the link ran full. */
    static final double LINK_FULL = 0.9;

    private double share;

    /** Starts at {@code share} (the blend's forecast), within 0..{@link FillBlend#MAX_SHARE}. */
    void reset(double share) {
        this.share = clamp(share);
    }

    /**
     * One sample: of the last second, {@code inputWait} the share QEMU waited on the pipeline, {@code linkWait} the
     * share the sender waited on the link. Returns the share to use now.
     */
    double update(double inputWait, double linkWait) {
        boolean cpuLimited = inputWait >= PACED && linkWait < LINK_FULL;
        share = clamp(share + (cpuLimited ? UP * (LINK_FULL - linkWait) / LINK_FULL : -DOWN));
        return share;
    }

    double share() {
        return share;
    }

    private static double clamp(double s) {
        return Math.max(0, Math.min(FillBlend.MAX_SHARE, s));
    }
}
