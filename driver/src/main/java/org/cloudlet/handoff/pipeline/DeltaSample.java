package org.cloudlet.handoff.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Copies of a few recent chunks that had a base chunk at their address, each with that base chunk, as the delta
 * stage saw them: for the adaptation controller to try the other delta algorithms on this VM's own changes. At
 * most one pair per interval, so the delta workers pay next to nothing.
 */
public final class DeltaSample {
    private static final long INTERVAL_NANOS = 10_000_000L;
    private static final int KEEP = 64;

    /** A chunk and the base chunk at its address. */
    public record Pair(byte[] base, byte[] target) {
    }

    private final Pair[] ring = new Pair[KEEP];
    private int next;
    private int size;
    private volatile long nextAt = System.nanoTime();

    /** Whether a pair offered now would be kept: the delta stage reads the base chunk only then. */
    public boolean wanted() {
        return System.nanoTime() - nextAt >= 0;
    }

    public void offer(byte[] base, int baseLength, byte[] target, int targetLength) {
        long now = System.nanoTime();
        if (now - nextAt < 0) {
            return;
        }
        Pair p = new Pair(Arrays.copyOf(base, baseLength), Arrays.copyOf(target, targetLength));
        synchronized (this) {
            nextAt = now + INTERVAL_NANOS;
            ring[next] = p;
            next = (next + 1) % KEEP;
            size = Math.min(KEEP, size + 1);
        }
    }

    public synchronized List<Pair> snapshot() {
        List<Pair> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[i]);
        }
        return out;
    }
}
