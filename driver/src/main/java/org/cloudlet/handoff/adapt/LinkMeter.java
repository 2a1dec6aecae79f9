package org.cloudlet.handoff.adapt;

/**
 * The link's bandwidth from the destination's acknowledgements. Acknowledged bytes per second are the link's rate
 * only while the sender had to wait for the link (its window full); otherwise the pipeline or QEMU was slower and
 * the rate is a lower bound, so the last link-bound figure is kept unless the new one is higher. Waiting is not
 * enough where the link's bandwidth is known from intervals in which it never ran dry: a pipeline slower than the
 * link delivers its frames in bursts, waits for the window with the second frame of each, and leaves the link idle
 * in between (seen: waits of 30-70 % at 75 % of the link, taken for a link of 75 % its rate, so the heavy mode that
 * was the bottleneck looked right). Then the interval counts as link-bound only if it carried nearly that bandwidth.
 */
public final class LinkMeter {
    /** Share of an interval spent waiting for the window that makes the link the bottleneck. */
    static final double BOUND = 0.3;
    /** Share of the link's known bandwidth an interval must carry to count as link-bound. */
    static final double NEAR = 0.85;

    private long lastAcked;
    private long lastWait;
    private long lastNanos;
    private boolean started;
    private double estimate;
    private boolean everBound;

    /** One reading over an interval. */
    public record Reading(double ackedBytesPerSecond, double waitShare, boolean linkBound, double bandwidthBytesPerSecond) {
    }

    /**
     * Takes cumulative counters at {@code nanos}: bytes acknowledged, nanoseconds the sender spent waiting for the
     * window; and the link's bandwidth as the window measured it (0: unknown). Returns the reading since the previous
     * call (null on the first).
     */
    public Reading update(long ackedBytes, long waitNanos, long nanos, double linkBandwidth) {
        if (!started) {
            started = true;
            lastAcked = ackedBytes;
            lastWait = waitNanos;
            lastNanos = nanos;
            return null;
        }
        double seconds = (nanos - lastNanos) / 1e9;
        if (seconds <= 0) {
            return null;
        }
        double acked = (ackedBytes - lastAcked) / seconds;
        double wait = Math.min(1.0, (waitNanos - lastWait) / 1e9 / seconds);
        boolean bound = limited(waitNanos - lastWait, nanos - lastNanos) && (linkBandwidth <= 0 || acked >= NEAR * linkBandwidth);
        lastAcked = ackedBytes;
        lastWait = waitNanos;
        lastNanos = nanos;
        if (bound) {
            estimate = acked;
            everBound = true;
        } else {
            estimate = Math.max(estimate, acked);
        }
        return new Reading(acked, wait, bound, estimate);
    }

    /** Whether a sender that waited {@code waitedNanos} of {@code spanNanos} was held back by the link. */
    static boolean limited(long waitedNanos, long spanNanos) {
        return spanNanos > 0 && waitedNanos >= BOUND * spanNanos;
    }

    /** Whether the link has limited the sender at least once (the kernel's buffers and the window have filled). */
    public boolean everBound() {
        return everBound;
    }
}
