package org.cloudlet.handoff.pipeline;

import org.cloudlet.handoff.delta.DeltaAlgorithm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies of a few recent segments as the compress stage saw them (after delta encoding, before compression), for
 * the adaptation controller to try other compressors on this VM's own data. At most one copy per interval, so the
 * compress workers pay next to nothing. Each copy says what the stage's own compressor made of it, so a probe need
 * not compress it again with the running compressor.
 */
public final class SegmentSample {
    private static final long INTERVAL_NANOS = 500_000_000L;
    private static final int KEEP = 4;

    private final ArrayDeque<Copy> recent = new ArrayDeque<>();
    private volatile long nextAt = System.nanoTime(); // nanoTime may be negative: no sentinel below it

    /**
     * Segments shorter than this are mostly references (a segment is cut at 16 MiB of chunks to rebuild, 20 kB of
     * base references): how compressors compare on them says nothing of the data that costs bytes (seen: every bzip2
     * level reading the same on them, and kept as the relation between levels).
     */
    static final int MIN_LENGTH = 256 * 1024;

    /**
     * A kept segment, and what the compress stage made of it: {@code codec} (a mode without delta; null when not
     * known) packed it into {@code packed} bytes (its raw length if it did not shrink), in {@code packedNanos} of the
     * worker's CPU (-1: not known). The running compressor's size
     * on a sample is then free: with a heavy one (lzma-5 at ~0.2 s a
     * MiB) compressing the sample again took most of a decision's probe budget, and the other families went unread
     * for 15 s (seen: bzip2-9 last read at 4.5 s, on one segment, and 1.3 times the running lzma's output on it).
     */
    public record Copy(byte[] raw, Mode codec, long packed, long packedNanos) {
        /** A copy whose compression is not known. */
        public static Copy unmeasured(byte[] raw) {
            return new Copy(raw, null, -1, -1);
        }

        /** A copy {@code codec} packed into {@code packed} bytes, its CPU not known. */
        public Copy(byte[] raw, Mode codec, long packed) {
            this(raw, codec, packed, -1);
        }

        /** Whether the stage packed this copy with {@code codec}'s compressor and level (a mode without delta). */
        public boolean packedWith(Mode codec) {
            return this.codec != null && this.codec.equals(codec);
        }
    }

    /** Whether a segment of {@code length} bytes offered (or claimed) now would be kept. */
    public boolean due(int length) {
        return length >= MIN_LENGTH && System.nanoTime() - nextAt >= 0;
    }

    /**
     * Takes this interval's place for a segment of {@code length} bytes as it arrives, if due; the worker then
     * {@link #keep}s it once compressed. The place goes to the segment that arrived first, not to the one compressed
     * first: those are the segments the running compressor is quickest on, and they flatter it against the others
     * (on the Debian guest the quarter lzma-3 packs fastest has bzip2-9 at 0.98 of it, the rest 0.83-0.93; the probes
     * read bzip2-9 at 1.22-1.28 of the running xor+lzma-3 where every segment of the stretch gives 0.89).
     */
    public synchronized boolean claim(int length) {
        if (!due(length)) {
            return false;
        }
        nextAt = System.nanoTime() + INTERVAL_NANOS;
        return true;
    }

    /** Keeps a segment whose place was {@link #claim}ed, with what {@code codec} (with delta or not) packed it into. */
    public void keep(byte[] raw, int length, Mode codec, long packed) {
        keep(raw, length, codec, packed, -1);
    }

    /** As {@link #keep(byte[], int, Mode, long)}, with the worker's CPU for it ({@code packedNanos}; -1: not known). */
    public void keep(byte[] raw, int length, Mode codec, long packed, long packedNanos) {
        byte[] copy = java.util.Arrays.copyOf(raw, length);
        Mode key = codec == null ? null : codec.withDelta(DeltaAlgorithm.NONE);
        synchronized (this) {
            recent.addLast(new Copy(copy, key, packed, packedNanos));
            while (recent.size() > KEEP) {
                recent.removeFirst();
            }
        }
    }

    /** Called with a segment's raw bytes whose compression is not known. */
    public void offer(byte[] raw, int length) {
        offer(raw, length, null, -1);
    }

    /** {@link #claim} and {@link #keep} in one, for a segment whose compression is already known. */
    public void offer(byte[] raw, int length, Mode codec, long packed) {
        if (claim(length)) {
            keep(raw, length, codec, packed);
        }
    }

    /** The kept copies, oldest first. */
    public synchronized List<Copy> copies() {
        return new ArrayList<>(recent);
    }
}
