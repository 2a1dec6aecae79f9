package org.cloudlet.handoff.adapt;

import org.cloudlet.handoff.pipeline.StageCounters;

import java.util.ArrayDeque;
import java.util.List;

/**
 * How fast the handoff really delivers QEMU's RAM bytes end to end, and what it still holds. QEMU's own rate
 * (query-migrate's {@code mbps}) is what our proxy accepted in QEMU's last 100 ms, and a proxy that just emptied its
 * buffers, or took pages equal to the base at memory speed, makes it many times the rate at which the dirty pages
 * left at the switchover will cross the link. The drain rate is the link's rate (acknowledged bytes per second while
 * the sender waited on the link; the last such figure otherwise) times the input/output of the pipeline's last
 * {@link #SPAN_NANOS}; before the link has ever limited, the pipeline's input rate. The backlog is what was written
 * towards the destination and not yet acknowledged, in seconds of link: it crosses during the downtime too.
 */
public final class DrainMeter {
    static final long SPAN_NANOS = 2_000_000_000L;
    /** Fewer input bytes in a span than this: QEMU was (almost) idle, the span's ratio says nothing. */
    private static final long MIN_INPUT = 256 * 1024;

    /**
     * RAM bytes per second end to end (0: unknown yet), seconds of link the unacknowledged bytes take, and the
     * link's own rate in encoded bytes per second (0: unknown yet).
     */
    public record Drain(double bytesPerSecond, double backlogSeconds, double linkBytesPerSecond) {
        public Drain(double bytesPerSecond, double backlogSeconds) {
            this(bytesPerSecond, backlogSeconds, 0);
        }
    }

    private record Point(long nanos, long in, long out, long acked, long waited) {
    }

    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private double link;
    private double rate;
    private long iteration = -1;
    /** The counters when QEMU's current pass began (null: pass not known). */
    private Point passStart;

    /** Takes the session's cumulative counters at {@code nanos}. */
    public Drain update(SessionCounters c, long nanos) {
        return update(c, nanos, -1);
    }

    /**
     * As {@link #update(SessionCounters, long)}, in QEMU's pass {@code iteration} (its dirty-sync count; -1: not
     * known). The pages left at a switchover are those the guest dirtied in the last pass, which compress like that
     * pass's pages, not like a span that may be all pages equal to the base (seen at the end of the first pass:
     * R 0.015 over 2 s, a drain of 77 MB/s on a 1.2 MB/s link): the worse of the span's ratio and the pass's counts.
     */
    public Drain update(SessionCounters c, long nanos, long iteration) {
        List<StageCounters.Sample> stages = c.stages();
        Point now = new Point(nanos, StageCounters.Sample.of(stages, "hash").bytesIn(), StageCounters.Sample.of(stages, "write").bytesOut(),
                c.ackedBytes(), c.windowWaitNanos());
        if (iteration >= 0 && iteration != this.iteration) {
            this.iteration = iteration;
            passStart = now;
        }
        points.addLast(now);
        while (points.size() > 2 && nanos - points.peekFirst().nanos() > SPAN_NANOS) {
            points.removeFirst();
        }
        Point first = points.peekFirst();
        long span = nanos - first.nanos();
        if (span >= SPAN_NANOS / 2) {
            double seconds = span / 1e9;
            double acked = (now.acked() - first.acked()) / seconds;
            if (LinkMeter.limited(now.waited() - first.waited(), span)) {
                link = acked;
            } else if (link > 0) {
                link = Math.max(link, acked);
            }
            long input = now.in() - first.in();
            long output = now.out() - first.out();
            if (input >= MIN_INPUT && output > 0) {
                double ratio = (double) output / input;
                if (passStart != null && now.in() - passStart.in() >= MIN_INPUT) {
                    ratio = Math.max(ratio, (double) (now.out() - passStart.out()) / (now.in() - passStart.in()));
                }
                rate = link > 0 ? link / ratio : input / seconds;
            }
        }
        double backlog = link > 0 ? Math.max(0, now.out() - now.acked()) / link : 0;
        return new Drain(rate, backlog, link);
    }
}
