package org.cloudlet.handoff.adapt;

import java.util.OptionalLong;

/**
 * Bounds a precopy's iterations. QEMU switches over when what is left to send crosses its link in at most the
 * downtime limit (300 ms by default); a guest that dirties memory faster than the link drains it never gets
 * there, and one that dirties almost as fast needs many passes. From iteration {@link #soft} on, the limit is
 * raised to whatever lets QEMU switch over now, as long as that is at most {@code targetDowntimeMs}; from
 * iteration {@link #hard} on, to whatever it takes (capped at {@link #MAX_LIMIT_MS}): the handoff then ends with
 * a longer downtime instead of not ending. The limit is only ever raised.
 */
public final class IterationPolicy {
    /** QEMU switches over at its next check when its estimate is within the limit: leave it room for noise. */
    static final double HEADROOM = 1.25;
    static final long MAX_LIMIT_MS = 60_000;

    private final int soft;
    private final int hard;
    private final long targetDowntimeMs;
    private long limitMs;

    /**
     * @param soft             the first iteration at which the limit may rise up to the target downtime
     * @param hard             the iteration from which the migration is made to complete whatever it costs
     * @param targetDowntimeMs the downtime accepted for ending early
     * @param initialLimitMs   the limit QEMU has now
     */
    public IterationPolicy(int soft, int hard, long targetDowntimeMs, long initialLimitMs) {
        if (soft < 1 || hard < soft || targetDowntimeMs < 1 || initialLimitMs < 1) {
            throw new IllegalArgumentException("iteration policy: soft " + soft + ", hard " + hard + ", target "
                    + targetDowntimeMs + " ms, limit " + initialLimitMs + " ms");
        }
        this.soft = soft;
        this.hard = hard;
        this.targetDowntimeMs = targetDowntimeMs;
        this.limitMs = initialLimitMs;
    }

    /** The defaults the daemon uses: end early from the 3rd pass if 2 s will do, make it end at the 8th. */
    public static IterationPolicy defaults(long initialLimitMs) {
        return new IterationPolicy(3, 8, 2000, initialLimitMs);
    }

    /**
     * Given QEMU's progress — iteration (its dirty-sync count), bytes left in this pass and its measured rate —
     * the downtime limit to set now, if any.
     */
    public OptionalLong next(long iteration, long remainingBytes, double bytesPerSecond) {
        if (iteration < soft || bytesPerSecond <= 0 || remainingBytes <= 0) {
            return OptionalLong.empty();
        }
        long needed = (long) Math.ceil(remainingBytes / bytesPerSecond * 1000 * HEADROOM);
        long want;
        if (needed <= targetDowntimeMs) {
            want = needed;
        } else if (iteration >= hard) {
            want = Math.min(needed, MAX_LIMIT_MS);
        } else {
            return OptionalLong.empty();
        }
        if (want <= limitMs) {
            return OptionalLong.empty();
        }
        limitMs = want;
        return OptionalLong.of(want);
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
