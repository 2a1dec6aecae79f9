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
     */
    public Optional<Steer> next(long iteration, long remainingBytes, double qemuBytesPerSecond, DrainMeter.Drain drain) {
        double rate = drain.bytesPerSecond() > 0 && (qemuBytesPerSecond <= 0 || drain.bytesPerSecond() < qemuBytesPerSecond)
                ? drain.bytesPerSecond() : qemuBytesPerSecond;
        Steer want = Steer.HOLD;
        if (rate > 0 && iteration >= FIRST_RELEASE) {
            long needed = (long) Math.ceil((Math.max(remainingBytes, 0) / rate + drain.backlogSeconds()) * 1000 * HEADROOM);
            long allowed = iteration >= hard ? MAX_LIMIT_MS : iteration >= soft ? Math.max(targetDowntimeMs, configuredMs) : configuredMs;
            if (iteration >= hard && needed > allowed) {
                want = new Steer(MAX_LIMIT_MS, 0); // ends now, whatever it takes
            } else if (needed <= allowed) {
                double budget = rate * (allowed / 1000.0 / HEADROOM - drain.backlogSeconds()); // bytes the rest may hold
                long cap = (long) Math.max(MIN_CAP, rate * CAP_FACTOR);
                want = new Steer(Math.max(HOLD_MS + 1, (long) Math.floor(budget / cap * 1000 + 1e-6)), cap); // never above the budget
            }
        }
        if (want.equals(steer) || want.near(steer)) {
            return Optional.empty(); // released already at about that: no need to tell QEMU again
        }
        steer = want;
        return Optional.of(want);
    }

    /**
     * How many encoded bytes may wait for the link at {@code nanos}, given the link's rate read then. In the first
     * pass QEMU is held and everything it sends must cross anyway, so a backlog of {@link #RIDE_OUT_SECONDS} only
     * keeps the link busy while QEMU pauses; no more than {@link #WORST_DRAIN_SECONDS} of the link's recent slow end,
     * as the link may fall back to it before the backlog has crossed. From the second pass a backlog would delay the
     * switchover (the release waits for it to drain, {@link #next}) while the guest dirties more, so none.
     */
    public long backlogBytes(long iteration, double linkBytesPerSecond, long nanos) {
        double slow = floor.update(nanos, linkBytesPerSecond);
        if (iteration >= FIRST_RELEASE || linkBytesPerSecond <= 0) {
            return 0;
        }
        double bytes = Math.min(MAX_BACKLOG_BYTES, linkBytesPerSecond * RIDE_OUT_SECONDS);
        return (long) (slow > 0 ? Math.min(bytes, slow * WORST_DRAIN_SECONDS) : bytes); // 0: no slow end known yet
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
