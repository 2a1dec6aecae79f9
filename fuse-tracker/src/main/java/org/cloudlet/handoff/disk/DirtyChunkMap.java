package org.cloudlet.handoff.disk;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Which 4 KiB chunks of a disk have been written, as a growable bitmap. The copy-on-write disk marks chunks here
 * as it writes them; the handoff asks for the marked set. Not thread-safe: callers synchronise.
 */
public final class DirtyChunkMap {
    private long[] words;
    private long count;

    public DirtyChunkMap(long chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("chunks: " + chunks + " (expected: >= 0)");
        }
        this.words = new long[Math.toIntExact((chunks + 63) >>> 6)];
    }

    /** Marks a chunk; returns true if it was not marked before. */
    public boolean mark(long chunk) {
        checkIndex(chunk);
        int w = (int) (chunk >>> 6);
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        }
        long bit = 1L << (chunk & 63);
        if ((words[w] & bit) != 0) {
            return false;
        }
        words[w] |= bit;
        count++;
        return true;
    }

    /** Unmarks a chunk (for example after a discard restored it to the base); returns true if it was marked. */
    public boolean clear(long chunk) {
        checkIndex(chunk);
        int w = (int) (chunk >>> 6);
        long bit = 1L << (chunk & 63);
        if (w >= words.length || (words[w] & bit) == 0) {
            return false;
        }
        words[w] &= ~bit;
        count--;
        return true;
    }

    /** Unmarks every chunk. */
    public void clearAll() {
        Arrays.fill(words, 0);
        count = 0;
    }

    public boolean isMarked(long chunk) {
        checkIndex(chunk);
        int w = (int) (chunk >>> 6);
        return w < words.length && (words[w] & (1L << (chunk & 63))) != 0;
    }

    public long count() {
        return count;
    }

    /** Calls {@code action} with every marked chunk in ascending order. */
    public void forEach(LongConsumer action) {
        for (int w = 0; w < words.length; w++) {
            long bits = words[w];
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                action.accept(((long) w << 6) | b);
                bits &= bits - 1;
            }
        }
    }

    private static void checkIndex(long chunk) {
        if (chunk < 0 || chunk >= (long) Integer.MAX_VALUE << 6) {
            throw new IndexOutOfBoundsException("chunk: " + chunk + " (expected: 0-" + (((long) Integer.MAX_VALUE << 6) - 1) + ")");
        }
    }
}
