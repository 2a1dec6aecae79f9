package org.cloudlet.handoff.testing;

import org.cloudlet.handoff.chunk.ChunkFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Seeded images with every kind of chunk a handoff meets: a base disk and base memory of text, binary-like,
 * random and zero chunks, and a modified disk and memory holding zeroed chunks, unchanged chunks, small edits of
 * the base chunk, copies of other base-disk chunks, copies of base-memory pages, repeated new chunks and random
 * new chunks, with a partial last chunk and a size different from the base.
 */
public final class TestImages {
    private static final int C = ChunkFormat.CHUNK_SIZE;
    private static final String[] WORDS = ("the quick brown fox jumps over lazy dog cloudlet handoff base memory disk "
            + "segment chunk delta xor lzma bzip2 gzip zstd page kernel process thread socket buffer").split(" ");

    public final long seed;
    public final Path baseDisk;
    public final Path baseMemory;
    public final Path disk;
    public final Path memory;

    private TestImages(long seed, Path dir) {
        this.seed = seed;
        this.baseDisk = dir.resolve("base-disk.img");
        this.baseMemory = dir.resolve("base-mem.img");
        this.disk = dir.resolve("disk.img");
        this.memory = dir.resolve("mem.img");
    }

    /** Builds the four images in {@code dir}; {@code chunks} is the base disk's size in chunks (>= 64). */
    public static TestImages create(Path dir, long seed, int chunks) throws IOException {
        TestImages t = new TestImages(seed, dir);
        SplittableRandom r = new SplittableRandom(seed);
        byte[] baseDisk = new byte[chunks * C];
        byte[] baseMem = new byte[(chunks / 2) * C];
        fillBase(r, baseDisk);
        fillBase(r, baseMem);

        // Modified disk: one chunk longer than the base plus a partial tail.
        byte[] disk = new byte[(chunks + 1) * C + 1234];
        System.arraycopy(baseDisk, 0, disk, 0, baseDisk.length);
        byte[] repeated = randomText(r, C);
        for (int i = 0; i < chunks; i++) {
            int off = i * C;
            switch (r.nextInt(10)) {
                case 0 -> java.util.Arrays.fill(disk, off, off + C, (byte) 0);                       // zeroed
                case 1 -> smallEdit(r, disk, off);                                                    // small edit
                case 2 -> System.arraycopy(baseDisk, r.nextInt(chunks) * C, disk, off, C);           // base-disk copy
                case 3 -> System.arraycopy(baseMem, r.nextInt(baseMem.length / C) * C, disk, off, C); // base-memory copy
                case 4 -> System.arraycopy(repeated, 0, disk, off, C);                                // repeated new
                case 5 -> fillRandom(r, disk, off, C);                                               // random new
                case 6 -> System.arraycopy(randomText(r, C), 0, disk, off, C);                       // new text
                default -> { }                                                                       // unchanged
            }
        }
        fillRandom(r, disk, baseDisk.length, disk.length - baseDisk.length);

        // Modified memory: pages moved around, edited, zeroed; same length as the base memory minus a partial page.
        byte[] mem = new byte[baseMem.length - 1000];
        System.arraycopy(baseMem, 0, mem, 0, mem.length);
        for (int i = 0; i < mem.length / C; i++) {
            int off = i * C;
            switch (r.nextInt(8)) {
                case 0 -> java.util.Arrays.fill(mem, off, off + C, (byte) 0);
                case 1 -> smallEdit(r, mem, off);
                case 2 -> System.arraycopy(baseMem, r.nextInt(baseMem.length / C) * C, mem, off, C);
                case 3 -> System.arraycopy(repeated, 0, mem, off, C);
                case 4 -> fillRandom(r, mem, off, C);
                default -> { }
            }
        }
        Files.write(t.baseDisk, baseDisk);
        Files.write(t.baseMemory, baseMem);
        Files.write(t.disk, disk);
        Files.write(t.memory, mem);
        return t;
    }

    private static void fillBase(SplittableRandom r, byte[] a) {
        for (int off = 0; off < a.length; off += C) {
            switch (r.nextInt(4)) {
                case 0 -> { }  // zero
                case 1 -> fillRandom(r, a, off, C);
                case 2 -> System.arraycopy(binaryLike(r), 0, a, off, C);
                default -> System.arraycopy(randomText(r, C), 0, a, off, C);
            }
        }
    }

    private static void smallEdit(SplittableRandom r, byte[] a, int off) {
        int edits = 1 + r.nextInt(16);
        for (int e = 0; e < edits; e++) {
            int at = off + r.nextInt(C - 8);
            for (int k = 0; k < 1 + r.nextInt(8); k++) {
                a[at + k] = (byte) r.nextInt(256);
            }
        }
    }

    private static void fillRandom(SplittableRandom r, byte[] a, int off, int len) {
        for (int i = 0; i < len; i++) {
            a[off + i] = (byte) r.nextInt(256);
        }
    }

    static byte[] randomText(SplittableRandom r, int len) {
        StringBuilder b = new StringBuilder(len + 16);
        while (b.length() < len) {
            b.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(9) == 0 ? '\n' : ' ');
        }
        return b.substring(0, len).getBytes(StandardCharsets.US_ASCII);
    }

    /** Structured binary: small integers, pointers, padding, like code and heap pages. */
    static byte[] binaryLike(SplittableRandom r) {
        byte[] a = new byte[C];
        long ptr = 0x7f0000000000L + r.nextInt(1 << 20) * 16L;
        for (int off = 0; off < C; off += 8) {
            long v = switch (r.nextInt(4)) {
                case 0 -> ptr + r.nextInt(4096) * 8L;
                case 1 -> r.nextInt(256);
                case 2 -> 0;
                default -> r.nextLong();
            };
            for (int k = 0; k < 8; k++) {
                a[off + k] = (byte) (v >>> (8 * k));
            }
        }
        return a;
    }
}
