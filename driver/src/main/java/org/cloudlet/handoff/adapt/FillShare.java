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

    /**
     * Most the pace may give the fill: past the forecast's {@link FillBlend#MAX_SHARE}, where the pipeline runs
     * CPU-bound with the link idle after all. A forecast of CPU is off by a fifth or more, and until the next
     * decision the idle link is throughput lost for good (seen on the 35 Mbit/s stretch of the change set: xor+bzip2-7
     * beside zstd-9 held at half the segments, QEMU waiting on the pipeline, the link 55-70 % used for 4 s at a time;
     * at 1 core 25 Mbit/s bzip2-9 beside zstd-7 at 0.48, CPU-bound at two decisions in a row). A fifth of the
     * segments stays with the mode, its cost and ratio measured on them.
     */
    static final double MAX = 0.8;

    private double share;

    /** Starts at {@code share} (the blend's forecast), within 0..{@link #MAX}. */
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
        return Math.max(0, Math.min(MAX, s));
    }
}
