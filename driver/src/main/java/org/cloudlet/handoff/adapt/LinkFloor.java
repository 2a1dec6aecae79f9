package org.cloudlet.handoff.adapt;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The slow end of the link's recent rates: the {@link #QUANTILE} of the readings of the last {@link #WINDOW_NANOS},
 * each reading weighted by the time it stood. Bytes queued ahead of a link are a bet that it stays as fast as now;
 * a link that has been this slow lately may be so again when they must cross (seen: a 5 s backlog of a 35 Mbit/s
 * link left when it fell back to 5 Mbit/s took 30 s to drain, the guest's later passes waiting behind it). A low
 * quantile rather than the minimum: a single slow reading (a span the sender was partly idle in) must not starve
 * the backlog of a steady link. The first readings are the send window growing towards the link's rate, not the
 * link: they count once a reading is within {@link #STEADY} of the one a second before it, or after
 * {@link #WARMUP_NANOS} whatever they do. A fixed warm-up alone missed a slow start shorter than it (seen: QEMU's
 * set-up took 15.6 s of a 20 s slow phase, the 5 s warm-up took what was left, the floor knew only 35 Mbit/s, and
 * 17 MB of backlog waited when the link fell back to 5 Mbit/s: QEMU's stream stood still for 28 s).
 */
public final class LinkFloor {
    static final long WINDOW_NANOS = 120_000_000_000L;
    static final double QUANTILE = 0.1;
    static final long WARMUP_NANOS = 5_000_000_000L;
    /** The reading a second before at least this share of the latest: the window has stopped growing. */
    static final double STEADY = 0.85;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private record Reading(long nanos, double bytesPerSecond) {
    }

    private final ArrayDeque<Reading> readings = new ArrayDeque<>();
    /** The readings while the window grew (cleared once it has stopped). */
    private final ArrayDeque<Reading> warming = new ArrayDeque<>();
    private long firstNanos;
    private boolean read;
    private boolean warm;

    /**
     * Records the link's rate as read at {@code nanos} (ignored when not known yet, ≤ 0, and in the warm-up);
     * returns {@link #rate}.
     */
    public double update(long nanos, double bytesPerSecond) {
        if (bytesPerSecond > 0 && !read) {
            read = true;
            firstNanos = nanos;
        }
        if (bytesPerSecond > 0 && !warm) {
            warm = nanos - firstNanos >= WARMUP_NANOS || stoppedGrowing(nanos, bytesPerSecond);
            warming.addLast(new Reading(nanos, bytesPerSecond));
            if (warm) {
                warming.clear();
            }
        }
        if (bytesPerSecond > 0 && warm) {
            readings.addLast(new Reading(nanos, bytesPerSecond));
        }
        while (!readings.isEmpty() && nanos - readings.peekFirst().nanos() > WINDOW_NANOS) {
            readings.removeFirst();
        }
        return rate(nanos);
    }

    /** Whether the latest warm-up reading a second or more before {@code nanos} stood at {@link #STEADY} of this rate. */
    private boolean stoppedGrowing(long nanos, double bytesPerSecond) {
        Reading before = null;
        for (Reading r : warming) {
            if (nanos - r.nanos() >= SECOND_NANOS) {
                before = r;
            }
        }
        return before != null && before.bytesPerSecond() >= STEADY * bytesPerSecond;
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
