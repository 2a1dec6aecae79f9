package org.cloudlet.handoff.net;

import java.util.ArrayDeque;

/**
 * How many bytes the source may have on the way to the destination: enough to keep the link busy until the next
 * acknowledgement — twice the measured bandwidth × (the path's round trip + the ack interval) — and no more,
 * because every byte in flight when QEMU stops the VM still has to cross during the downtime. The round trip is
 * taken from writes that found nothing in flight (at the start, and whenever the source paused), since any other
 * write waits behind our own queue and its delay would make the window feed on itself. Starts small and grows
 * with each measurement while the link keeps up, like TCP's slow start.
 */
final class WindowSizer {
    static final long MIN = 128 * 1024;
    static final long MAX = 8L << 20;
    /** A write with at most this much ahead of it times the path, not our queue. */
    private static final long CLEAN = 16 * 1024;
    private static final long RATE_SPAN_NANOS = 1_000_000_000L;

    private final long ackIntervalNanos;
    /** (stream offset after a write, when, bytes in flight before it) — to time each ack against its write. */
    private final ArrayDeque<long[]> writes = new ArrayDeque<>();
    /** (bytes acknowledged, when), the last second: the delivered rate. */
    private final ArrayDeque<long[]> acks = new ArrayDeque<>();
    private long window = MIN;
    private long acked;
    private long pathDelay = Long.MAX_VALUE;

    WindowSizer(long ackIntervalNanos) {
        this.ackIntervalNanos = ackIntervalNanos;
    }

    long window() {
        return window;
    }

    void written(long offset, long now) {
        long before = writes.isEmpty() ? acked : writes.peekLast()[0];
        writes.addLast(new long[]{offset, now, Math.max(0, before - acked)});
    }

    void acknowledged(long offset, long now) {
        long[] w = null;
        while (!writes.isEmpty() && writes.peekFirst()[0] <= offset) {
            w = writes.pollFirst();
            if (w[2] <= CLEAN) {
                pathDelay = Math.min(pathDelay, now - w[1]);
            }
        }
        acked = offset;
        acks.addLast(new long[]{offset, now});
        while (acks.size() > 2 && now - acks.peekFirst()[1] > RATE_SPAN_NANOS) {
            acks.pollFirst();
        }
        long span = now - acks.peekFirst()[1];
        if (span <= 0 || pathDelay == Long.MAX_VALUE) {
            return;
        }
        double rate = (offset - acks.peekFirst()[0]) * 1e9 / span; // bytes per second
        long need = (long) (2 * rate * (pathDelay + ackIntervalNanos) / 1e9);
        window = Math.max(MIN, Math.min(MAX, need));
    }
}
