package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.ArrayDeque;

/**
 * How fast the handoff really delivers QEMU's RAM bytes end to end, over the last {@link #SPAN_NANOS}: while the
 * link limits the sender, acknowledged bytes per second scaled up by the pipeline's input/output of that span; else
 * the pipeline's input rate. QEMU's own rate (query-migrate's {@code mbps}) is what our proxy accepted in QEMU's
 * last 100 ms, and a proxy that just emptied its buffers, or took pages equal to the base at memory speed, makes it
 * many times the rate at which the dirty pages left at the switchover will cross the link.
 */
public final class DrainMeter {
    static final long SPAN_NANOS = 2_000_000_000L;
    /** Fewer input bytes in a span than this: QEMU was (almost) idle, the span says nothing. */
    private static final long MIN_INPUT = 256 * 1024;

    private record Point(long nanos, long in, long out, long acked, long waited) {
    }

    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private double rate;

    /** Takes the session's cumulative counters at {@code nanos}; returns the drain rate in RAM bytes/s (0: unknown yet). */
    public double update(SessionCounters c, long nanos) {
        long in = 0;
        long out = 0;
        for (StageCounters.Sample s : c.stages()) {
            if (s.stage().equals("hash")) {
                in = s.bytesIn();
            } else if (s.stage().equals("write")) {
                out = s.bytesOut();
            }
        }
        Point now = new Point(nanos, in, out, c.ackedBytes(), c.windowWaitNanos());
        points.addLast(now);
        while (points.size() > 2 && nanos - points.peekFirst().nanos() > SPAN_NANOS) {
            points.removeFirst();
        }
        Point first = points.peekFirst();
        long span = nanos - first.nanos();
        long input = now.in() - first.in();
        long output = now.out() - first.out();
        if (span < SPAN_NANOS / 2 || input < MIN_INPUT || output <= 0) {
            return rate;
        }
        double seconds = span / 1e9;
        rate = LinkMeter.limited(now.waited() - first.waited(), span)
                ? (now.acked() - first.acked()) / seconds * ((double) input / output)
                : input / seconds;
        return rate;
    }
}
