package org.cloudlet.handoff.adapt;

/**
 * The link's bandwidth from the destination's acknowledgements. Acknowledged bytes per second are the link's rate
 * only while the sender had to wait for the link (its window full); otherwise the pipeline or QEMU was slower and
 * the rate is a lower bound, so the last link-bound figure is kept unless the new one is higher.
 */
public final class LinkMeter {
    /** Share of an interval spent waiting for the window that makes the link the bottleneck. */
    static final double BOUND = 0.3;

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
     * window. Returns the reading since the previous call (null on the first).
     */
    public Reading update(long ackedBytes, long waitNanos, long nanos) {
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
        boolean bound = limited(waitNanos - lastWait, nanos - lastNanos);
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
