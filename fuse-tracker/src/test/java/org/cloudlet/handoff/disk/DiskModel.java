package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A plain in-memory copy of what a tracked disk must read as, and seeded random operations applied to both. The
 * target is anything that reads, writes and discards at a position (the COW disk itself, or its FUSE file).
 */
final class DiskModel {
    interface Target {
        void write(long position, byte[] data) throws IOException;

        void discard(long position, long length) throws IOException;

        byte[] read(long position, int length) throws IOException;
    }

    final byte[] bytes;
    /** Chunks written or discarded, as the dirty set must report them. */
    final java.util.BitSet dirty = new java.util.BitSet();

    DiskModel(byte[] base) {
        this.bytes = base.clone();
    }

    /** A base image of {@code length} bytes: text-like runs, random runs and zero runs, so chunks differ in kind. */
    static byte[] base(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[length];
        for (int at = 0; at < length; ) {
            int run = Math.min(length - at, 1 + r.nextInt(3 * DiskGeometry.CHUNK));
            switch (r.nextInt(3)) {
                case 0 -> {
                    for (int i = at; i < at + run; i++) {
                        b[i] = (byte) r.nextInt(256);
                    }
                }
                case 1 -> Arrays.fill(b, at, at + run, (byte) ('a' + r.nextInt(26)));
                default -> { } // zeros
            }
            at += run;
        }
        return b;
    }

    static Path writeBase(Path dir, byte[] base) throws IOException {
        Path p = dir.resolve("base.img");
        Files.write(p, base);
        return p;
    }

    /** Applies {@code ops} random operations to the target and the model, checking reads on the way. */
    void exercise(Target t, SplittableRandom r, int ops, String context) throws IOException {
        int len = bytes.length;
        for (int i = 0; i < ops; i++) {
            int kind = r.nextInt(10);
            // Positions: often chunk-aligned, sometimes not; sizes from one byte to a few chunks.
            long pos = r.nextBoolean() ? (long) r.nextInt(len / DiskGeometry.CHUNK) * DiskGeometry.CHUNK : r.nextInt(len);
            int size = (int) Math.min(len - pos, r.nextBoolean() ? DiskGeometry.CHUNK * (1 + r.nextInt(4)) : 1 + r.nextInt(3 * DiskGeometry.CHUNK));
            if (size == 0) {
                continue;
            }
            if (kind < 4) {
                byte[] data = new byte[size];
                r.nextBytes(data);
                if (r.nextInt(4) == 0) {
                    Arrays.fill(data, (byte) 0);
                }
                t.write(pos, data);
                System.arraycopy(data, 0, bytes, (int) pos, size);
                touch(pos, size);
            } else if (kind < 5) {
                t.discard(pos, size);
                Arrays.fill(bytes, (int) pos, (int) pos + size, (byte) 0);
                touch(pos, size);
            } else {
                byte[] got = t.read(pos, size);
                if (!Arrays.equals(got, 0, size, bytes, (int) pos, (int) pos + size)) {
                    throw new AssertionError(context + ": read of " + size + " at " + pos + " differs from the model (op " + i + ")");
                }
            }
        }
    }

    private void touch(long pos, int size) {
        dirty.set((int) DiskGeometry.chunkOf(pos), (int) DiskGeometry.chunkOf(pos + size - 1) + 1);
    }

    /** Reads the whole target and compares it with the model. */
    void verifyAll(Target t, String context) throws IOException {
        for (int at = 0; at < bytes.length; at += 256 * 1024) {
            int n = Math.min(256 * 1024, bytes.length - at);
            byte[] got = t.read(at, n);
            for (int i = 0; i < n; i++) {
                if (got[i] != bytes[at + i]) {
                    throw new AssertionError(context + ": byte " + (at + i) + " (chunk " + ((at + i) / DiskGeometry.CHUNK)
                            + ") is " + got[i] + ", expected " + bytes[at + i]);
                }
            }
        }
    }
}
