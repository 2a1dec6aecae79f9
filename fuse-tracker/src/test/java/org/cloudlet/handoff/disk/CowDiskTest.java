package org.cloudlet.handoff.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CowDiskTest {
    private static final int LENGTH = 3 * 1024 * 1024 + 1000; // a partial last chunk too

    static DiskModel.Target target(CowDisk disk) {
        return new DiskModel.Target() {
            @Override
            public void write(long position, byte[] data) throws IOException {
                disk.write(position, ByteBuffer.wrap(data));
            }

            @Override
            public void discard(long position, long length) throws IOException {
                disk.zero(position, length);
            }

            @Override
            public byte[] read(long position, int length) throws IOException {
                byte[] b = new byte[length];
                assertEquals(length, disk.read(position, ByteBuffer.wrap(b)));
                return b;
            }
        };
    }

    @Test
    void randomOperationsAgreeWithAPlainModelAndSurviveReopening(@TempDir Path dir) throws IOException {
        long seed = Long.getLong("handoff.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        byte[] baseBytes = DiskModel.base(seed, LENGTH);
        Path base = DiskModel.writeBase(dir, baseBytes);
        DiskModel model = new DiskModel(baseBytes);
        for (int round = 0; round < 3; round++) {
            try (CowDisk disk = CowDisk.open(base, dir.resolve("overlay"))) {
                model.verifyAll(target(disk), "seed " + seed + ", after reopening " + round);
                model.exercise(target(disk), r, 2000, "seed " + seed);
                model.verifyAll(target(disk), "seed " + seed + ", round " + round);
            }
        }
        assertArrayEquals(baseBytes, Files.readAllBytes(base), "the base image is never written");
        assertEquals(model.dirty, toBitSet(DirtySets.sinceBase(dir.resolve("overlay"))), "seed " + seed);
    }

    @Test
    void concurrentWritersSharingChunksLoseNothing(@TempDir Path dir) throws Exception {
        // Each thread owns every 4th 512-byte sector; sectors of different threads share chunks, so copy-on-write
        // merges of the same chunk race unless chunks are locked.
        int sectors = 64 * DiskGeometry.CHUNK / 512;
        byte[] baseBytes = DiskModel.base(7, sectors * 512);
        Path base = DiskModel.writeBase(dir, baseBytes);
        byte[] expected = baseBytes.clone();
        try (CowDisk disk = CowDisk.open(base, dir.resolve("overlay"))) {
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            for (int t = 0; t < 4; t++) {
                int owner = t;
                byte[] mine = new byte[512];
                java.util.Arrays.fill(mine, (byte) (owner + 1));
                for (int sector = owner; sector < sectors; sector += 4) {
                    System.arraycopy(mine, 0, expected, sector * 512, 512);
                }
                threads.add(new Thread(() -> {
                    try {
                        for (int sector = owner; sector < sectors; sector += 4) {
                            disk.write(sector * 512L, ByteBuffer.wrap(mine));
                        }
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(null, failed.get());
            byte[] got = new byte[expected.length];
            disk.read(0, ByteBuffer.wrap(got));
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void aTornOrZeroedJournalTailIsCutOffAtMount(@TempDir Path dir) throws IOException {
        Path base = DiskModel.writeBase(dir, new byte[16 * DiskGeometry.CHUNK]);
        Path overlay = dir.resolve("overlay");
        Path journal = overlay.resolve(ChunkJournal.FILE);
        try (CowDisk disk = CowDisk.open(base, overlay)) {
            disk.write(DiskGeometry.CHUNK, ByteBuffer.wrap(new byte[] {1}));
        }
        for (byte[] tail : new byte[][] {{9, 9, 9, 9, 9, 9, 9}, new byte[32]}) { // a short append; a zeroed tail
            Files.write(journal, tail, java.nio.file.StandardOpenOption.APPEND);
            try (CowDisk disk = CowDisk.open(base, overlay)) {
                disk.write(5 * DiskGeometry.CHUNK, ByteBuffer.wrap(new byte[] {2}));
            }
            try (CowDisk disk = CowDisk.open(base, overlay)) {
                byte[] b = new byte[1];
                disk.read(5 * DiskGeometry.CHUNK, ByteBuffer.wrap(b));
                assertEquals(2, b[0]);
            }
            assertEquals(BitSet.valueOf(new long[] {(1L << 1) | (1L << 5)}), toBitSet(DirtySets.sinceBase(overlay)));
        }
    }

    @Test
    void marksSplitTheDirtySet(@TempDir Path dir) throws IOException {
        Path base = DiskModel.writeBase(dir, new byte[64 * DiskGeometry.CHUNK]);
        Path overlay = dir.resolve("overlay");
        try (CowDisk disk = CowDisk.open(base, overlay)) {
            disk.write(5 * DiskGeometry.CHUNK + 10, ByteBuffer.wrap(new byte[]{1, 2, 3}));
            disk.write(9 * DiskGeometry.CHUNK, ByteBuffer.wrap(new byte[DiskGeometry.CHUNK + 1]));
            long m1 = DirtySets.mark(overlay); // taken while the disk is open, as the handoff does
            disk.write(5 * DiskGeometry.CHUNK, ByteBuffer.wrap(new byte[]{7})); // again, after the mark
            disk.zero(20 * DiskGeometry.CHUNK, DiskGeometry.CHUNK);
            long m2 = DirtySets.mark(overlay);
            disk.write(30 * DiskGeometry.CHUNK, ByteBuffer.wrap(new byte[]{1}));
            assertEquals(1, m1);
            assertEquals(2, m2);
            assertEquals(BitSet.valueOf(new long[]{(1L << 5) | (1L << 9) | (1L << 10) | (1L << 20) | (1L << 30)}), toBitSet(DirtySets.sinceBase(overlay)));
            assertEquals(BitSet.valueOf(new long[]{(1L << 5) | (1L << 20) | (1L << 30)}), toBitSet(DirtySets.sinceMark(overlay, m1)));
            assertEquals(BitSet.valueOf(new long[]{1L << 30}), toBitSet(DirtySets.sinceMark(overlay, m2)));
            IOException e = assertThrows(IOException.class, () -> DirtySets.sinceMark(overlay, 3));
            assertTrue(e.getMessage().contains("no mark 3"), e.getMessage());
        }
    }

    @Test
    void refusesASecondTrackerAWrongBaseAndWritesPastTheEnd(@TempDir Path dir) throws IOException {
        Path base = DiskModel.writeBase(dir, new byte[8 * DiskGeometry.CHUNK]);
        Path overlay = dir.resolve("overlay");
        try (CowDisk disk = CowDisk.open(base, overlay)) {
            IOException busy = assertThrows(IOException.class, () -> CowDisk.open(base, overlay));
            assertTrue(busy.getMessage().contains("in use"), busy.getMessage());
            assertThrows(DiskRangeException.class, () -> disk.write(8 * DiskGeometry.CHUNK - 1, ByteBuffer.wrap(new byte[2])));
        }
        Path other = dir.resolve("other.img");
        Files.write(other, new byte[9 * DiskGeometry.CHUNK]);
        IOException wrong = assertThrows(IOException.class, () -> CowDisk.open(other, overlay));
        assertTrue(wrong.getMessage().contains("is for a disk of"), wrong.getMessage());
    }

    static BitSet toBitSet(DirtyChunkMap map) {
        BitSet b = new BitSet();
        map.forEach(c -> b.set((int) c));
        return b;
    }
}
