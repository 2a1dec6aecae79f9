package org.cloudlet.handoff.adapt;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The slow end of the link's recent rates: the {@link #QUANTILE} of the readings of the last {@link #WINDOW_NANOS},
 * each reading weighted by the time it stood. Bytes queued ahead of a link are a bet that it stays as fast as now;
 * a link that has been this slow lately may be so again when they must cross (seen: a 5 s backlog of a 35 Mbit/s
 * link left when it fell back to 5 Mbit/s took 30 s to drain, the guest's later passes waiting behind it). A low
 * quantile rather than the minimum: a single slow reading (a span the sender was partly idle in) must not starve
 * the backlog of a steady link. The first {@link #WARMUP_NANOS} of readings are the send window growing towards the
 * link's rate, not the link: they do not count.
 */
public final class LinkFloor {
    static final long WINDOW_NANOS = 120_000_000_000L;
    static final double QUANTILE = 0.1;
    static final long WARMUP_NANOS = 5_000_000_000L;

    private record Reading(long nanos, double bytesPerSecond) {
    }

    private final ArrayDeque<Reading> readings = new ArrayDeque<>();
    private long firstNanos;
    private boolean read;

    /**
     * Records the link's rate as read at {@code nanos} (ignored when not known yet, ≤ 0, and in the warm-up);
     * returns {@link #rate}.
     */
    public double update(long nanos, double bytesPerSecond) {
        if (bytesPerSecond > 0 && !read) {
            read = true;
            firstNanos = nanos;
        }
        if (bytesPerSecond > 0 && nanos - firstNanos >= WARMUP_NANOS) {
            readings.addLast(new Reading(nanos, bytesPerSecond));
        }
        while (!readings.isEmpty() && nanos - readings.peekFirst().nanos() > WINDOW_NANOS) {
            readings.removeFirst();
        }
        return rate(nanos);
    }

    /** The rate below which the link stood {@link #QUANTILE} of the window's time; 0 when nothing counts yet. */
    double rate(long nanos) {
        int n = readings.size();
        if (n == 0) {
            return 0;
        }
        Reading[] byRate = readings.toArray(new Reading[0]);
        long[] stood = new long[n];
        for (int i = 0; i < n; i++) {
            long until = i + 1 < n ? byRate[i + 1].nanos() : nanos;
            stood[i] = Math.max(1, until - byRate[i].nanos()); // the latest reading stands until now
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(byRate[a].bytesPerSecond(), byRate[b].bytesPerSecond()));
        long total = Arrays.stream(stood).sum();
        long seen = 0;
        for (int i : order) {
            seen += stood[i];
            if (seen >= QUANTILE * total) {
                return byRate[i].bytesPerSecond();
            }
        }
        return byRate[order[n - 1]].bytesPerSecond();
    }
}
