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

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /** How many bytes of {@code b[off..off+len)} are not zero (eight at a time). */
    public static int nonZeroBytes(byte[] b, int off, int len) {
        int n = 0;
        int i = off;
        for (int end = off + (len & ~7); i < end; i += 8) {
            long w = (long) LONGS.get(b, i);
            // per byte: the high bit of ((x & 0x7F) + 0x7F) | x is set exactly when x != 0
            n += Long.bitCount((((w & LOW7) + LOW7) | w) & ~LOW7);
        }
        for (int end = off + len; i < end; i++) {
            n += b[i] != 0 ? 1 : 0;
        }
        return n;
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
