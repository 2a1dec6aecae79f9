package org.cloudlet.handoff.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies of a few recent segments as the compress stage saw them (after delta encoding, before compression), for
 * the adaptation controller to try other compressors on this VM's own data. At most one copy per interval, so the
 * compress workers pay next to nothing.
 */
public final class SegmentSample {
    private static final long INTERVAL_NANOS = 500_000_000L;
    private static final int KEEP = 4;

    private final ArrayDeque<byte[]> recent = new ArrayDeque<>();
    private volatile long nextAt = System.nanoTime(); // nanoTime may be negative: no sentinel below it

    /**
     * Segments shorter than this are mostly references (a segment is cut at 16 MiB of chunks to rebuild, 20 kB of
     * base references): how compressors compare on them says nothing of the data that costs bytes (seen: every bzip2
     * level reading the same on them, and kept as the relation between levels).
     */
    static final int MIN_LENGTH = 256 * 1024;

    /** Called by a compress worker with a segment's raw bytes. */
    public void offer(byte[] raw, int length) {
        long now = System.nanoTime();
        if (now - nextAt < 0 || length < MIN_LENGTH) {
            return;
        }
        byte[] copy = java.util.Arrays.copyOf(raw, length);
        synchronized (this) {
            nextAt = now + INTERVAL_NANOS;
            recent.addLast(copy);
            while (recent.size() > KEEP) {
                recent.removeFirst();
            }
        }
    }

    /** The kept copies, oldest first. */
    public synchronized List<byte[]> snapshot() {
        return new ArrayList<>(recent);
    }
}
