package org.cloudlet.handoff.adapt;

import java.util.OptionalLong;

/**
 * Decides when a precopy switches over, in place of QEMU's own rule. QEMU switches when what is left to send
 * crosses in at most the downtime limit at its measured rate; behind the handoff that rate is what our proxy
 * accepted (at memory speed for pages equal to the base, or into buffers just emptied), far above the rate at which
 * the dirty pages left at the end cross the link, so QEMU's rule switches early and the downtime stretches (seen: 6 s
 * at 5 Mbit/s with a 300 ms limit). So QEMU is held (a limit it cannot meet) and released when the rest fits at the
 * slower of its rate and the handoff's own drain rate: within QEMU's configured limit from the second pass, within
 * {@code targetDowntimeMs} from iteration {@link #soft}, whatever it takes from iteration {@link #hard} (capped at
 * {@link #MAX_LIMIT_MS}), so the handoff ends after a bounded number of passes even when the guest dirties memory
 * faster than the link drains it. Releasing sets the limit that lets QEMU, by its own rate, send just the rest it
 * reported (+25 %).
 */
public final class IterationPolicy {
    /** Estimates are noisy and pages keep being dirtied until QEMU acts: leave room. */
    static final double HEADROOM = 1.25;
    static final long MAX_LIMIT_MS = 60_000;
    /** The limit that holds QEMU: only an empty pass would meet it. */
    static final long HOLD_MS = 1;
    /** The first pass sends all of memory; switching over is for the passes after it. */
    private static final int FIRST_RELEASE = 2;
    /** A released limit this close to the one set is not set again. */
    private static final double SAME = 0.1;
    /**
     * Seconds of link the encoded stream may run ahead of it during the first pass: enough to keep the link busy
     * through QEMU's pause at the end of that pass (its dirty-bitmap sync; up to 4.5 s seen under TCG).
     */
    static final double RIDE_OUT_SECONDS = 5;
    /** Memory bound on that backlog, whatever the link's rate. */
    static final long MAX_BACKLOG_BYTES = 32L << 20;

    private final int soft;
    private final int hard;
    private final long targetDowntimeMs;
    private final long configuredMs;
    private long limitMs;

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
        this.limitMs = configuredMs;
    }

    /** The defaults the daemon uses: end early from the 3rd pass if 2 s will do, make it end at the 8th. */
    public static IterationPolicy defaults(long configuredMs) {
        return new IterationPolicy(3, 8, 2000, configuredMs);
    }

    /**
     * Given QEMU's progress — iteration (its dirty-sync count), bytes left in this pass, its measured rate — and the
     * handoff's drain rate and backlog ({@link DrainMeter}; rate 0 when unknown), the downtime limit to set now, if
     * it changes.
     */
    public OptionalLong next(long iteration, long remainingBytes, double qemuBytesPerSecond, DrainMeter.Drain drain) {
        double rate = drain.bytesPerSecond() > 0 && (qemuBytesPerSecond <= 0 || drain.bytesPerSecond() < qemuBytesPerSecond)
                ? drain.bytesPerSecond() : qemuBytesPerSecond;
        long want = HOLD_MS;
        if (rate > 0 && iteration >= FIRST_RELEASE) {
            long needed = (long) Math.ceil((Math.max(remainingBytes, 0) / rate + drain.backlogSeconds()) * 1000 * HEADROOM);
            long allowed = iteration >= hard ? MAX_LIMIT_MS : iteration >= soft ? Math.max(targetDowntimeMs, configuredMs) : configuredMs;
            if (iteration >= hard && needed > allowed) {
                want = MAX_LIMIT_MS;
            } else if (needed <= allowed) {
                // QEMU compares what is dirty after its next sync with its own rate × the limit: a limit in our time
                // would let it switch with as much more as its rate is inflated. So the limit releases just the rest
                // seen now (+25 %) at QEMU's rate.
                want = qemuBytesPerSecond > 0
                        ? Math.max(HOLD_MS + 1, (long) Math.ceil(Math.max(remainingBytes, 1) / qemuBytesPerSecond * 1000 * HEADROOM))
                        : needed;
                if (iteration >= hard) {
                    want = Math.max(want, needed);
                }
            }
        }
        if (want == limitMs || releases(want) && releases(limitMs) && Math.abs(want - limitMs) <= SAME * limitMs) {
            return OptionalLong.empty(); // released already at about that: no need to tell QEMU again
        }
        limitMs = want;
        return OptionalLong.of(want);
    }

    /**
     * How many encoded bytes may wait for the link at this point of the migration. In the first pass QEMU is held
     * and everything it sends must cross anyway, so a backlog of {@link #RIDE_OUT_SECONDS} only keeps the link busy
     * while QEMU pauses; from the second pass a backlog would delay the switchover (the release waits for it to
     * drain, {@link #next}) while the guest dirties more, so none.
     */
    public long backlogBytes(long iteration, double linkBytesPerSecond) {
        if (iteration >= FIRST_RELEASE || linkBytesPerSecond <= 0) {
            return 0;
        }
        return (long) Math.min(MAX_BACKLOG_BYTES, linkBytesPerSecond * RIDE_OUT_SECONDS);
    }

    /** Whether {@code limitMs} lets QEMU switch over (rather than holding it). */
    public static boolean releases(long limitMs) {
        return limitMs > HOLD_MS;
    }

    public long limitMs() {
        return limitMs;
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
