package org.cloudlet.handoff.disk;

import org.cloudlet.handoff.nativebridge.HolePuncher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tracker through a real FUSE mount (needs /dev/fuse and libfuse2, which bin/setup installs). */
class TrackerMountTest {
    private static final int LENGTH = 4 * 1024 * 1024 + 512;
    private final List<Path> mounts = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Path m : mounts) {
            if (MountTable.isMountPoint(m)) {
                MountTable.detach(m);
            }
        }
    }

    /** The mounted file, driven through the kernel: pwrite/pread on a FileChannel, discard as fallocate(PUNCH_HOLE). */
    static DiskModel.Target through(FileChannel file, HolePuncher puncher) {
        return new DiskModel.Target() {
            @Override
            public void write(long position, byte[] data) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    file.write(b, position + b.position());
                }
            }

            @Override
            public void discard(long position, long length) throws IOException {
                assertTrue(puncher.punch(position, length), "the tracker supports punching holes");
            }

            @Override
            public byte[] read(long position, int length) throws IOException {
                ByteBuffer b = ByteBuffer.allocate(length);
                while (b.hasRemaining()) {
                    if (file.read(b, position + b.position()) < 0) {
                        throw new IOException("end of file at " + (position + b.position()));
                    }
                }
                return b.array();
            }
        };
    }

    @Test
    void randomOperationsThroughTheMountAgreeWithAPlainModel(@TempDir Path dir) throws IOException {
        long seed = Long.getLong("handoff.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        byte[] baseBytes = DiskModel.base(seed, LENGTH);
        Path base = DiskModel.writeBase(dir, baseBytes);
        DiskModel model = new DiskModel(baseBytes);
        Path mnt = dir.resolve("mnt");
        mounts.add(mnt);
        for (int round = 0; round < 2; round++) {
            try (TrackerMount m = TrackerMount.mount(base, dir.resolve("overlay"), mnt, false);
                 FileChannel file = FileChannel.open(m.image(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                 HolePuncher puncher = HolePuncher.open(m.image())) {
                assertEquals(LENGTH, Files.size(m.image()));
                assertNotNull(puncher);
                DiskModel.Target t = through(file, puncher);
                model.verifyAll(t, "seed " + seed + ", mount " + round);
                model.exercise(t, r, 1500, "seed " + seed);
                file.force(false);
                model.verifyAll(t, "seed " + seed + ", mount " + round + " after the operations");
                assertThrows(IOException.class, () -> file.write(ByteBuffer.allocate(2), LENGTH - 1), "the disk does not grow");
            }
            assertFalse(MountTable.isMountPoint(mnt), "unmounted on close");
        }
        assertArrayEquals(baseBytes, Files.readAllBytes(base), "the base image is never written");
        assertEquals(model.dirty, CowDiskTest.toBitSet(DirtySets.sinceBase(dir.resolve("overlay"))), "seed " + seed);
    }

    @Test
    void everyFlushedWriteSurvivesKillNineAndTheStaleMountIsCleared(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("handoff.seed", System.nanoTime());
        SplittableRandom r = new SplittableRandom(seed);
        byte[] baseBytes = DiskModel.base(seed, LENGTH);
        Path base = DiskModel.writeBase(dir, baseBytes);
        Path overlay = dir.resolve("overlay");
        Path mnt = dir.resolve("mnt");
        mounts.add(mnt);
        DiskModel model = new DiskModel(baseBytes);
        for (int kill = 0; kill < 2; kill++) {
            Process tracker = serveInChild(base, overlay, mnt);
            try (FileChannel file = FileChannel.open(mnt.resolve(TrackerFs.FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
                 HolePuncher puncher = HolePuncher.open(mnt.resolve(TrackerFs.FILE))) {
                DiskModel.Target t = through(file, puncher);
                model.verifyAll(t, "seed " + seed + ", after kill " + kill);
                model.exercise(t, r, 800, "seed " + seed);
                file.force(false); // acknowledged: must survive
            }
            tracker.destroyForcibly(); // SIGKILL: no shutdown hook, no unmount
            assertTrue(tracker.waitFor(30, TimeUnit.SECONDS));
            assertTrue(MountTable.isStale(mnt), "a killed tracker leaves a stale mount");
        }
        try (TrackerMount m = TrackerMount.mount(base, overlay, mnt, false); // clears the stale mount
             FileChannel file = FileChannel.open(m.image(), StandardOpenOption.READ)) {
            model.verifyAll(through(file, null), "seed " + seed + ", remounted after kill -9");
        }
    }

    @Test
    void refusesToMountOverALiveMount(@TempDir Path dir) throws IOException {
        Path base = DiskModel.writeBase(dir, new byte[16 * DiskGeometry.CHUNK]);
        Path mnt = dir.resolve("mnt");
        mounts.add(mnt);
        try (TrackerMount ignored = TrackerMount.mount(base, dir.resolve("o1"), mnt, false)) {
            IOException e = assertThrows(IOException.class, () -> TrackerMount.mount(base, dir.resolve("o2"), mnt, false));
            assertTrue(e.getMessage().contains("already mounted"), e.getMessage());
        }
    }

    @Test
    void theMountNamesItsOverlaySoTheImageLeadsToItsChanges(@TempDir Path dir) throws IOException {
        Path base = DiskModel.writeBase(dir, new byte[16 * DiskGeometry.CHUNK]);
        Path mnt = dir.resolve("mnt");
        mounts.add(mnt);
        try (TrackerMount m = TrackerMount.mount(base, dir.resolve("overlay"), mnt, false)) {
            assertEquals(java.util.Optional.of(dir.resolve("overlay").toAbsolutePath()), TrackerMount.overlayOf(m.image()));
            try (var names = Files.list(mnt)) {
                assertEquals(java.util.Set.of("disk.img", ".overlay"), names.map(p -> p.getFileName().toString())
                        .collect(java.util.stream.Collectors.toSet()));
            }
        }
        assertEquals(java.util.Optional.empty(), TrackerMount.overlayOf(mnt.resolve("disk.img")), "unmounted");
        assertEquals(java.util.Optional.empty(), TrackerMount.overlayOf(base), "a plain image");
    }

    private Process serveInChild(Path base, Path overlay, Path mnt) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServeTracker.class.getName(),
                base.toString(), overlay.toString(), mnt.toString())
                .redirectErrorStream(true).redirectOutput(mnt.resolveSibling("tracker.log").toFile()).start();
        children.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("tracker exited: " + Files.readString(mnt.resolveSibling("tracker.log")));
            }
            if (MountTable.isMountPoint(mnt) && !MountTable.isStale(mnt) && Files.exists(mnt.resolve(TrackerFs.FILE))) {
                return p;
            }
            Thread.sleep(50);
        }
        throw new IOException("tracker did not mount: " + Files.readString(mnt.resolveSibling("tracker.log")));
    }
}
