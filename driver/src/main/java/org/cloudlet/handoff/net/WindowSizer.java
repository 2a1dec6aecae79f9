package org.cloudlet.handoff.net;

import java.util.ArrayDeque;

/**
 * How many bytes the source may have on the way to the destination: enough to keep the link busy until the next
 * acknowledgement — twice the link's bandwidth × (the path's round trip + the ack interval) — and no more,
 * because every byte in flight when QEMU stops the VM still has to cross during the downtime. The round trip is
 * taken from writes that found nothing in flight (at the start, and whenever the source paused), since any other
 * write waits behind our own queue and its delay would make the window feed on itself.
 *
 * <p>The bandwidth is the median of the link's rates of the last few seconds: rates measured while the link never
 * ran dry, over the last second or, where it did run dry, over the latest burst that kept it fed (the writer held
 * back, or enough sent a path delay before each ack to keep the link busy until the next). A rate taken while bytes in
 * flight ran short (a pipeline slower than the link, frames arriving in bursts, a window too small) is only a floor
 * under the link's: floors count, when higher than the bandwidth, only while no link rate is known. The median, not
 * the maximum: the destination reads in bursts after a busy moment, and a second's rate then exceeds the link's by
 * a third (seen at 10 Mbit/s). Sizing from the delivered rate alone shrank the window until the window itself held
 * the link to a fraction of its rate, and the adaptation, seeing the sender wait for the window, took that fraction
 * for the link's bandwidth.
 *
 * <p>The window, though, is sized for the highest of the last {@link #GROWTH_SPAN_NANOS}' rates, floors included, when that is
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
    /** A rate this many times a link rate shows the link faster than it was then. */
    private static final double STALE = 2;
    /** A burst's rate, from acks 50 ms apart, over no less than this. */
    private static final long MIN_BURST_NANOS = 100_000_000L;
    /** The span of delivered rates the bandwidth is the median of. */
    static final long BANDWIDTH_SPAN_NANOS = 5_000_000_000L;
    /** The span of link rates whose highest sizes the window. */
    static final long GROWTH_SPAN_NANOS = 2_000_000_000L;

    private final long ackIntervalNanos;
    /** (stream offset after a write, when it began, bytes in flight before it), unacknowledged: to time each ack against its write. */
    private final ArrayDeque<long[]> writes = new ArrayDeque<>();
    /**
     * (bytes acknowledged, when, bytes sent a path delay before and not yet received, 1 if the writer was held back)
     * since the last ack a second old: the delivered rate.
     */
    private final ArrayDeque<long[]> acks = new ArrayDeque<>();
    /** (delivered bytes per second, when) of the last {@link #BANDWIDTH_SPAN_NANOS}, measured while the link never ran dry. */
    private final ArrayDeque<double[]> linkRates = new ArrayDeque<>();
    /** (delivered bytes per second, when) of the same span, measured while it ran dry, each above the bandwidth then. */
    private final ArrayDeque<double[]> floors = new ArrayDeque<>();
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

    /**
     * Whether {@link #bandwidth} is the link's own rate, measured while the link never ran dry (over a second or a
     * burst), and not a floor under it.
     */
    boolean linkRateKnown() {
        return !linkRates.isEmpty();
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

    /**
     * The destination has received {@code offset} bytes, read at {@code now}; {@code heldBack}: the writer was waiting
     * for the link then (the window full, or the socket's buffer), so it had data the link could have taken.
     */
    void acknowledged(long offset, long now, boolean heldBack) {
        acknowledged(offset, now, heldBack, false);
    }

    /**
     * As {@link #acknowledged(long, long, boolean)}; {@code destinationHeld}: the destination itself (its decoders or its
     * output) held the stream up since its last ack, so what it received is its own rate, a floor under the link's.
     */
    void acknowledged(long offset, long now, boolean heldBack, boolean destinationHeld) {
        while (!writes.isEmpty() && writes.peekFirst()[0] <= offset) {
            long[] w = writes.pollFirst();
            if (w[2] <= CLEAN) {
                pathDelay = Math.min(pathDelay, now - w[1]);
            }
        }
        acked = offset;
        acks.addLast(new long[]{offset, now, sentAPathDelayAgo(now) - offset, heldBack ? 1 : 0});
        // Acks come only with progress, so after a pause the rate is measured from the last ack at least a span old:
        // the pause is in it (a rate the link did not limit), not left out of it.
        while (acks.size() > 1 && now - second(acks)[1] >= RATE_SPAN_NANOS) {
            acks.pollFirst();
        }
        long span = now - acks.peekFirst()[1];
        if (span < MIN_RATE_SPAN_NANOS || pathDelay == Long.MAX_VALUE) {
            return;
        }
        long[][] all = acks.toArray(new long[0][]);
        double rate = rateSince(all[0], offset, now);
        if (!destinationHeld && keptBusy(all, 0, rate, false)) {
            linkRate(rate, now);
        } else {
            floor(rate, now);
            int fed = destinationHeld ? -1 : fedSince(all, offset, now);
            if (fed >= 0) {
                double burst = rateSince(all[fed], offset, now);
                if (keptBusy(all, fed, burst, false)) {
                    linkRate(burst, now);
                } else {
                    floor(burst, now);
                }
            }
        }
        bandwidth = bandwidth(now);
        long need = (long) (2 * highestSince(now - GROWTH_SPAN_NANOS) * (pathDelay + ackIntervalNanos) / 1e9);
        window = Math.max(MIN, Math.min(MAX, need));
    }

    private static double rateSince(long[] ack, long offset, long now) {
        return (offset - ack[0]) * 1e9 / (now - ack[1]); // bytes per second
    }

    /** The stream's bytes written a path delay before {@code now}: what can have reached the link's far end since. */
    private long sentAPathDelayAgo(long now) {
        long sent = acked;
        for (long[] w : writes) {
            if (w[1] > now - pathDelay) {
                break;
            }
            sent = w[0];
        }
        return sent;
    }

    private static long[] second(ArrayDeque<long[]> q) {
        java.util.Iterator<long[]> it = q.iterator();
        it.next();
        return it.next();
    }

    /**
     * Whether every ack of {@code all} from the {@code from}-th on, the latest aside, found enough bytes sent a path
     * delay earlier and not yet received to keep the link busy at {@code rate} until the next one (or, with
     * {@code heldBackCounts}, the writer held back: it had the data, the window did not let it go); then the link (or
     * the destination, or the window) set the rate, not the sender.
     */
    private boolean keptBusy(long[][] all, int from, double rate, boolean heldBackCounts) {
        double busy = rate * ackIntervalNanos / 1e9;
        for (int k = from; k < all.length - 1; k++) {
            if (all[k][2] < busy && !(heldBackCounts && all[k][3] == 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index in {@code all} of the first ack of the latest run, the latest aside and {@link #MIN_BURST_NANOS} long
     * at least, at each of which the link was fed ({@link #keptBusy} at the run's rate, the writer held back counting);
     * -1 if none. A pipeline slower than the link puts its frames out in bursts; over a second the link's idle gaps
     * between them hold the rate to the pipeline's, and a window sized for that rate held each burst back again (seen
     * after a 5 -> 35 Mbit/s rise: the link read 1.2-2.8 MB/s for 20 s, every mode was forecast link-bound at it, and
     * the heavy mode chosen on it kept the bursts coming). Within a burst the rate is the link's, or as much of it as
     * the window let through: higher each time, as at the start.
     */
    private int fedSince(long[][] all, long offset, long now) {
        int found = -1;
        for (int j = all.length - 2; j >= 0 && keptBusy(all, j, rateSince(all[j], offset, now), true); j--) {
            if (now - all[j][1] >= MIN_BURST_NANOS) {
                found = j;
            }
        }
        return found;
    }

    private void linkRate(double rate, long now) {
        dropStale(rate);
        linkRates.addLast(new double[]{rate, now});
    }

    /** A rate the link ran dry in: it says only that the link is at least this fast, and counts when above the bandwidth. */
    private void floor(double rate, long now) {
        if (rate > bandwidth) {
            dropStale(rate);
            floors.addLast(new double[]{rate, now});
        }
    }

    /**
     * Forgets the link rates below a {@link #STALE}th of one just measured: the link has become faster since (a
     * destination reading in bursts reads a third over the link's rate, never twice it). Kept, they held the median
     * at the slower link's figure for the whole span after a rise.
     */
    private void dropStale(double rate) {
        linkRates.removeIf(r -> r[0] * STALE < rate);
    }

    /**
     * The median of the link's rates of the last {@link #BANDWIDTH_SPAN_NANOS}, or where there are none, of the
     * floors above the bandwidth; with neither the last figure stays. Floors do not mix with link rates: a
     * second's rate with a burst's idle gaps in it, above a slower link's old figure, is no part of the faster
     * link's rate the bursts themselves show (seen: the link read at the pipeline's 2.6 MB/s of 4.4 for seconds).
     */
    private double bandwidth(long now) {
        for (ArrayDeque<double[]> q : java.util.List.of(linkRates, floors)) {
            while (!q.isEmpty() && now - q.peekFirst()[1] > BANDWIDTH_SPAN_NANOS) {
                q.pollFirst();
            }
        }
        ArrayDeque<double[]> q = linkRates.isEmpty() ? floors : linkRates;
        if (q.isEmpty()) {
            return bandwidth;
        }
        double[] sorted = q.stream().mapToDouble(r -> r[0]).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** The highest rate, link's or floor, measured since {@code since}, if above the bandwidth; else the bandwidth. */
    private double highestSince(long since) {
        double highest = bandwidth;
        for (ArrayDeque<double[]> q : java.util.List.of(linkRates, floors)) {
            for (double[] r : q) {
                if (r[1] >= since) {
                    highest = Math.max(highest, r[0]);
                }
            }
        }
        return highest;
    }

}
