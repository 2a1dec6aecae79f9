package org.cloudlet.handoff.chunk;

/** The unit everything is cut into: disk blocks and memory pages alike. */
public final class ChunkFormat {
    /** 4 KiB: the x86 page and the ext4 block, so a chunk never straddles two guest writes' units. */
    public static final int CHUNK_SIZE = 4096;
    public static final int CHUNK_SHIFT = 12;

    /** SHA-256. */
    public static final int HASH_SIZE = 32;

    private static final byte[] ZEROS = new byte[CHUNK_SIZE];

    private ChunkFormat() {
    }

    /** True if {@code b[off..off+len)} (at most one chunk) is all zero bytes. */
    public static boolean isZero(byte[] b, int off, int len) {
        return java.util.Arrays.mismatch(b, off, off + len, ZEROS, 0, len) < 0;
    }

    /** A new chunk-sized array of one repeated byte (a QEMU zero page with a fill byte). */
    public static byte[] filled(int value) {
        byte[] b = new byte[CHUNK_SIZE];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    public static long chunkCount(long length) {
        return (length + CHUNK_SIZE - 1) >>> CHUNK_SHIFT;
    }

    /** Length of chunk {@code index} in a space of {@code length} bytes: 4096 except possibly the last. */
    public static int chunkLength(long length, long index) {
        long start = index << CHUNK_SHIFT;
        if (index < 0 || start >= length) {
            throw new IllegalArgumentException("chunk index: " + index + " (expected: 0-" + (chunkCount(length) - 1) + ")");
        }
        return (int) Math.min(CHUNK_SIZE, length - start);
    }
}
