package org.cloudlet.handoff.adapt;

import java.util.Optional;

/**
 * Decides when a precopy switches over, in place of QEMU's own rule. QEMU switches when what is left to send
 * crosses in at most the downtime limit at its measured rate; behind the handoff that rate is what our proxy
 * accepted (at memory speed for pages equal to the base, or into buffers just emptied), far above the rate at which
 * the dirty pages left at the end cross the link, so QEMU's rule switches early and the downtime stretches (seen: 6 s
 * at 5 Mbit/s with a 300 ms limit). So QEMU is held (a limit it cannot meet) and released when the rest fits at the
 * slower of its rate and the handoff's own drain rate: within QEMU's configured limit from the second pass, within
 * {@code targetDowntimeMs} from iteration {@link #soft}, whatever it takes from iteration {@link #hard} (capped at
 * {@link #MAX_LIMIT_MS}), so the handoff ends after a bounded number of passes even when the guest dirties memory
 * faster than the link drains it. Releasing caps QEMU's rate and sets the limit under which the final set crosses
 * in the allowed downtime ({@link #next}); holding gives QEMU back its configured cap.
 */
public final class IterationPolicy {
    /** Estimates are noisy and pages keep being dirtied until QEMU acts: leave room. */
    static final double HEADROOM = 1.25;
    static final long MAX_LIMIT_MS = 60_000;
    /** The limit that holds QEMU: only an empty pass would meet it. */
    static final long HOLD_MS = 1;
    /** The first pass sends all of memory; switching over is for the passes after it. */
    private static final int FIRST_RELEASE = 2;
    /** A release this close to the one set is not set again. */
    private static final double SAME = 0.1;
    /** QEMU's rate once released, against the drain rate: room for its bursts, and a bound on its switchover rule. */
    static final double CAP_FACTOR = 1.5;
    /** No cap below this (bytes per second): QEMU's rate limit works in 100 ms slices. */
    static final long MIN_CAP = 1 << 20;
    /**
     * Seconds of link the encoded stream may run ahead of it during the first pass: enough to keep the link busy
     * through QEMU's pause at the end of that pass (its dirty-bitmap sync; up to 4.5 s seen under TCG).
     */
    static final double RIDE_OUT_SECONDS = 5;
    /** Memory bound on that backlog, whatever the link's rate. */
    static final long MAX_BACKLOG_BYTES = 32L << 20;
    /**
     * Time bound on that backlog should the link fall back to its recent slow end ({@link LinkFloor}): what waits
     * in it then holds up the later passes, and crosses in the fast link's lighter mode. The same 5 s as the
     * ride-out: with 10 s, the first pass's last pages (the zero tail lets the pipeline race ahead) left 5-6 MB
     * queued when a 35 Mbit/s link fell back to 5 Mbit/s; QEMU's stream stood still behind them for 5-7 s, no
     * decision could move to a heavier mode meanwhile (no input), and the later passes crossed after them (seen:
     * 58.8 s in all, where a static bzip2-5 run, its CPU keeping the backlog small, ended 6 s after the fall).
     */
    static final double WORST_DRAIN_SECONDS = RIDE_OUT_SECONDS;

    private final int soft;
    private final int hard;
    private final long targetDowntimeMs;
    private final long configuredMs;
    private final LinkFloor floor = new LinkFloor();
    private Steer steer;

    /**
     * @param soft             the first iteration at which the rest may take up to the target downtime
     * @param hard             the iteration from which the migration is made to complete whatever it costs
     * @param targetDowntimeMs the downtime accepted for ending early
     * @param configuredMs     QEMU's downtime limit as configured: the downtime aimed at until {@code soft}
     */
    public IterationPolicy(int soft, int hard, long targetDowntimeMs, long configuredMs) {
        if (soft < FIRST_RELEASE || hard < soft || targetDowntimeMs < 1 || configuredMs < 1) {
            throw new IllegalArgumentException("iteration policy: soft " + soft + ", hard " + hard + ", target "
                    + targetDowntimeMs + " ms, limit " + configuredMs + " ms");
        }
        this.soft = soft;
        this.hard = hard;
        this.targetDowntimeMs = targetDowntimeMs;
        this.configuredMs = configuredMs;
        this.steer = new Steer(configuredMs, 0);
    }

    /** The defaults the daemon uses: end early from the 3rd pass if 2 s will do, make it end at the 8th. */
    public static IterationPolicy defaults(long configuredMs) {
        return new IterationPolicy(3, 8, 2000, configuredMs);
    }

    /**
     * What QEMU is told: its downtime limit, and a cap on the rate it sends at in bytes per second (0: the cap it
     * was configured with).
     */
    public record Steer(long downtimeLimitMs, long maxBandwidth) {
        static final Steer HOLD = new Steer(HOLD_MS, 0);
        /** Held at the lowest rate cap while what is already on its way would overrun the downtime ({@link #next}). */
        static final Steer TRICKLE = new Steer(HOLD_MS, MIN_CAP);

        /** Whether this holds QEMU to a trickle (rather than its own cap or a release). */
        public boolean trickles() {
            return equals(TRICKLE);
        }

        /** Whether this lets QEMU switch over (rather than holding it). */
        public boolean releases() {
            return IterationPolicy.releases(downtimeLimitMs);
        }

        boolean near(Steer o) {
            return releases() && o.releases() && Math.abs(downtimeLimitMs - o.downtimeLimitMs) <= SAME * o.downtimeLimitMs
                    && Math.abs(maxBandwidth - o.maxBandwidth) <= SAME * o.maxBandwidth;
        }
    }

    /**
     * Given QEMU's progress — iteration (its dirty-sync count), bytes left in this pass, its measured rate — and the
     * handoff's drain rate and backlog ({@link DrainMeter}; rate 0 when unknown), what to tell QEMU now, if it
     * changes.
     * <p>
     * Released, QEMU switches over once what is dirty after a sync is at most its own rate × the limit. Its rate
     * is what our proxy took in its last 100 ms, which swings by 10× with our queues (seen: a limit sized for 12 MB
     * at the 118 MB/s QEMU reported let it switch with far more, 5-7 s of downtime at 5 Mbit/s). So the release caps
     * QEMU's rate at {@link #CAP_FACTOR} × the drain rate and sets the limit that makes cap × limit the bytes that
     * cross in the allowed downtime: whatever QEMU then measures, it cannot switch with more.
     * <p>
     * Held, QEMU still switches by its own rule when a sync finds less dirty than its rate × {@link #HOLD_MS}: a
     * pass that found nothing dirty ends the migration whatever the limit, and passes that only fill our buffers are
     * short ({@link #backlogBytes}). So while what is on its way from the first pass exceeds the downtime accepted at
     * the end, QEMU is held at {@link #MIN_CAP}: a pass of a few MB then takes seconds, not the milliseconds our
     * buffers take to absorb it (seen: a tiny guest's 2 MB second pass trickled for 2.8 s while 3 s of backlog
     * crossed, and the release came at iteration 3, 1.7 s of downtime).
     */
    public Optional<Steer> next(long iteration, long remainingBytes, double qemuBytesPerSecond, DrainMeter.Drain drain) {
        double qemu = steer.trickles() ? 0 : qemuBytesPerSecond; // trickling, QEMU's rate is our cap, not its pace
        double rate = drain.bytesPerSecond() > 0 && (qemu <= 0 || drain.bytesPerSecond() < qemu) ? drain.bytesPerSecond() : qemu;
        Steer want = Steer.HOLD;
        if (rate > 0 && iteration >= FIRST_RELEASE) {
            long needed = (long) Math.ceil((Math.max(remainingBytes, 0) / rate + drain.backlogSeconds()) * 1000 * HEADROOM);
            long allowed = iteration >= hard ? MAX_LIMIT_MS : iteration >= soft ? endDowntimeMs() : configuredMs;
            if (iteration >= hard && needed > allowed) {
                want = new Steer(MAX_LIMIT_MS, 0); // ends now, whatever it takes
            } else if (needed <= allowed) {
                double budget = rate * (allowed / 1000.0 / HEADROOM - drain.backlogSeconds()); // bytes the rest may hold
                long cap = (long) Math.max(MIN_CAP, rate * CAP_FACTOR);
                want = new Steer(Math.max(HOLD_MS + 1, (long) Math.floor(budget / cap * 1000 + 1e-6)), cap); // never above the budget
            } else if (iteration < hard && overrunsDowntime(drain)) {
                want = Steer.TRICKLE;
            }
        }
        if (want.equals(steer) || want.near(steer)) {
            return Optional.empty(); // released already at about that: no need to tell QEMU again
        }
        steer = want;
        return Optional.of(want);
    }

    /**
     * How many encoded bytes may wait for the link at {@code nanos}, given QEMU's pass and the bytes left in it, and
     * the handoff's drain (its link rate, read then). In the first pass QEMU is held and everything it sends must
     * cross anyway, so a backlog of {@link #RIDE_OUT_SECONDS} keeps the link busy through the guest's bursts and
     * QEMU's pauses; no more than {@link #WORST_DRAIN_SECONDS} of the link's recent slow end, as the link may fall
     * back to it before the backlog has crossed. Towards that pass's end ({@link #firstPassEnding}) no more than
     * QEMU's configured limit, the downtime a release in the second pass would accept: QEMU switches over by its own
     * rule when a sync finds (almost) nothing dirty, and everything on its way then crosses while the VM is stopped
     * (seen on the tiny guest at 20 Mbit/s: the first sync found 630 pages, our buffers took them in 15 ms, the next
     * sync found none, and the VM stopped with 5 s of link queued: 4.9-8.7 s of downtime). With our buffers full
     * QEMU waits on its socket, short of its sync. From the second pass a backlog would delay the switchover (the
     * release waits for it to drain, {@link #next}), so none.
     */
    public long backlogBytes(long iteration, long remainingBytes, DrainMeter.Drain drain, long nanos) {
        double link = drain.linkBytesPerSecond();
        double slow = floor.update(nanos, link);
        if (iteration >= FIRST_RELEASE || link <= 0) {
            return 0;
        }
        double seconds = firstPassEnding(remainingBytes, drain) ? configuredMs / 1000.0 / HEADROOM : RIDE_OUT_SECONDS;
        double bytes = Math.min(MAX_BACKLOG_BYTES, link * seconds);
        return (long) (slow > 0 ? Math.min(bytes, slow * Math.min(seconds, WORST_DRAIN_SECONDS)) : bytes); // 0: no slow end known yet
    }

    /**
     * Whether QEMU's first pass is near its end: the rest of it could enter the pipeline (at the drain rate) within
     * the ride-out, so its sync could come while the ride-out's backlog is still on its way. Unknown rate: not near.
     */
    private static boolean firstPassEnding(long remainingBytes, DrainMeter.Drain drain) {
        return drain.bytesPerSecond() > 0 && remainingBytes <= drain.bytesPerSecond() * RIDE_OUT_SECONDS;
    }

    /**
     * Whether what is on its way would alone stop the VM for longer than the downtime accepted at the end. Not the
     * limit of the pass: from the second pass one frame at a time waits for the link, and a frame and the send window
     * hold more than QEMU's 300 ms at 5 Mbit/s; trickling then would starve the link.
     */
    private boolean overrunsDowntime(DrainMeter.Drain drain) {
        return drain.backlogSeconds() * 1000 > endDowntimeMs();
    }

    /** The downtime accepted from iteration {@link #soft} on: the target, or QEMU's own limit if that is longer. */
    private long endDowntimeMs() {
        return Math.max(targetDowntimeMs, configuredMs);
    }

    /** Whether {@code limitMs} lets QEMU switch over (rather than holding it). */
    public static boolean releases(long limitMs) {
        return limitMs > HOLD_MS;
    }

    public long limitMs() {
        return steer.downtimeLimitMs();
    }

    public int soft() {
        return soft;
    }

    public int hard() {
        return hard;
    }

    public long targetDowntimeMs() {
        return targetDowntimeMs;
    }
}
