package org.cloudlet.handoff.net;

import java.util.ArrayDeque;

/**
 * How many bytes the source may have on the way to the destination: enough to keep the link busy until the next
 * acknowledgement — twice the link's bandwidth × (the path's round trip + the ack interval) — and no more,
 * because every byte in flight when QEMU stops the VM still has to cross during the downtime. The round trip is
 * taken from writes that found nothing in flight (at the start, and whenever the source paused), since any other
 * write waits behind our own queue and its delay would make the window feed on itself.
 *
 * <p>The bandwidth is the median delivered rate of the last few seconds, and a rate counts as the link's only if
 * the link had data in flight the whole time it was measured; a lower rate taken while bytes in flight ran short
 * (a pipeline slower than the link, frames arriving in bursts, a window too small) says nothing about the link and
 * counts only when it is higher. The median, not the maximum: the destination reads in bursts after a busy moment,
 * and a second's rate then exceeds the link's by a third (seen at 10 Mbit/s). Sizing from the delivered rate alone
 * shrank the window until the window itself held the link to a fraction of its rate, and the adaptation, seeing
 * the sender wait for the window, took that fraction for the link's bandwidth.
 *
 * <p>The window, though, is sized for the highest of the last {@link #GROWTH_SPAN_NANOS}' link rates, when that is
 * above the median: a link that became faster shows it only as far as the window lets it, so a window that waits
 * for the median to move grows by half a span at a time (seen: 5 -> 35 Mbit/s took 6 s to fill, a third of the
 * fast phase). A burst's third too much in flight costs a fraction of a second of the link; an idle link costs it all.
 */
final class WindowSizer {
    static final long MIN = 128 * 1024;
    static final long MAX = 8L << 20;
    /** A write with at most this much ahead of it times the path, not our queue. */
    private static final long CLEAN = 16 * 1024;
    private static final long RATE_SPAN_NANOS = 1_000_000_000L;
    /** Acks closer together than this say nothing of a rate (two read at once after a pause: gigabytes a second). */
    private static final long MIN_RATE_SPAN_NANOS = 200_000_000L;
    /** The span of delivered rates the bandwidth is the median of. */
    static final long BANDWIDTH_SPAN_NANOS = 5_000_000_000L;
    /** The span of link rates whose highest sizes the window. */
    static final long GROWTH_SPAN_NANOS = 2_000_000_000L;

    private final long ackIntervalNanos;
    /** (stream offset after a write, when, bytes in flight before it) — to time each ack against its write. */
    private final ArrayDeque<long[]> writes = new ArrayDeque<>();
    /** (bytes acknowledged, when, bytes still in flight after it) since the last ack a second old: the delivered rate. */
    private final ArrayDeque<long[]> acks = new ArrayDeque<>();
    /** (delivered bytes per second, when) of the last {@link #BANDWIDTH_SPAN_NANOS} that count as the link's. */
    private final ArrayDeque<double[]> rates = new ArrayDeque<>();
    private double bandwidth;
    private long window = MIN;
    private long acked;
    private long written;
    private long pathDelay = Long.MAX_VALUE;

    WindowSizer(long ackIntervalNanos) {
        this.ackIntervalNanos = ackIntervalNanos;
    }

    long window() {
        return window;
    }

    /** The link's bandwidth in bytes per second as the window is sized for it (0 before the first measurement). */
    double bandwidth() {
        return bandwidth;
    }

    /** The path's round trip as measured (Long.MAX_VALUE before the first). */
    long pathDelayNanos() {
        return pathDelay;
    }

    /** {@code offset}: the stream's bytes written so far, the last of them by a write that began at {@code start}. */
    void written(long offset, long start) {
        writes.addLast(new long[]{offset, start, Math.max(0, written - acked)});
        written = offset;
    }

    void acknowledged(long offset, long now) {
        while (!writes.isEmpty() && writes.peekFirst()[0] <= offset) {
            long[] w = writes.pollFirst();
            if (w[2] <= CLEAN) {
                pathDelay = Math.min(pathDelay, now - w[1]);
            }
        }
        acked = offset;
        acks.addLast(new long[]{offset, now, Math.max(0, written - offset)});
        // Acks come only with progress, so after a pause the rate is measured from the last ack at least a span old:
        // the pause is in it (a rate the link did not limit), not left out of it.
        while (acks.size() > 1 && now - second(acks)[1] >= RATE_SPAN_NANOS) {
            acks.pollFirst();
        }
        long span = now - acks.peekFirst()[1];
        if (span < MIN_RATE_SPAN_NANOS || pathDelay == Long.MAX_VALUE) {
            return;
        }
        double rate = (offset - acks.peekFirst()[0]) * 1e9 / span; // bytes per second
        measured(rate, linkNeverRanDry(rate), now);
        long need = (long) (2 * highestSince(now - GROWTH_SPAN_NANOS) * (pathDelay + ackIntervalNanos) / 1e9);
        window = Math.max(MIN, Math.min(MAX, need));
    }

    private static long[] second(ArrayDeque<long[]> q) {
        java.util.Iterator<long[]> it = q.iterator();
        it.next();
        return it.next();
    }

    /**
     * Whether every ack of the span left enough in flight to keep the link busy at {@code rate} until the next one
     * could arrive; then the link (or the destination) set the rate, not the sender.
     */
    private boolean linkNeverRanDry(double rate) {
        double busy = rate * (pathDelay + ackIntervalNanos) / 1e9;
        for (long[] a : acks) {
            if (a[2] < busy) {
                return false;
            }
        }
        return true;
    }

    /** The highest link rate measured since {@code since}, if above the bandwidth; else the bandwidth. */
    private double highestSince(long since) {
        double highest = bandwidth;
        for (double[] r : rates) {
            if (r[1] >= since) {
                highest = Math.max(highest, r[0]);
            }
        }
        return highest;
    }

    /**
     * Keeps a rate, and the bandwidth becomes the median of the link's rates over the last
     * {@link #BANDWIDTH_SPAN_NANOS}. A rate taken while the link ran dry counts only if it is higher than the
     * bandwidth; with no rate in the span the last figure stays.
     */
    private void measured(double rate, boolean linkRate, long now) {
        if (linkRate || rate > bandwidth) {
            rates.addLast(new double[]{rate, now});
        }
        while (!rates.isEmpty() && now - rates.peekFirst()[1] > BANDWIDTH_SPAN_NANOS) {
            rates.pollFirst();
        }
        if (!rates.isEmpty()) {
            double[] sorted = rates.stream().mapToDouble(r -> r[0]).sorted().toArray();
            bandwidth = sorted[sorted.length / 2];
        }
    }
}
