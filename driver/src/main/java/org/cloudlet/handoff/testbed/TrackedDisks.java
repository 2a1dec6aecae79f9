package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.disk.DirtySets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The guest's disk on both cloudlets as fuse-tracker mounts ({@code handoff disk mount}, one process each): in A
 * over A's copy of the base disk, with the overlay the source daemon reads; in B a fresh overlay over B's copy,
 * which the destination daemon writes into. Closing stops both trackers (they unmount on SIGTERM).
 */
final class TrackedDisks implements AutoCloseable {
    private final Path dir;
    private final List<Process> trackers = new ArrayList<>();

    private TrackedDisks(Path dir) {
        this.dir = dir;
    }

    static TrackedDisks start(Path work, Path baseA, Path baseB, PrintStream log) throws IOException, InterruptedException {
        TrackedDisks d = new TrackedDisks(work.resolve("disks"));
        try {
            d.mount("a", baseA);
            d.mount("b", baseB);
            log.println("testbed: tracked disks mounted over each cloudlet's copy of the base disk");
            return d;
        } catch (IOException | InterruptedException e) {
            d.close();
            throw e;
        }
    }

    Path sourceOverlay() {
        return dir.resolve("a/overlay");
    }

    Path sourceImage() {
        return dir.resolve("a/mnt/disk.img");
    }

    Path destinationImage() {
        return dir.resolve("b/mnt/disk.img");
    }

    /** Bytes of the disk the guest changed in cloudlet A (4 KiB chunks held by A's overlay). */
    long sourceChangedBytes() throws IOException {
        return DirtySets.sinceBase(sourceOverlay()).count() * 4096;
    }

    private void mount(String side, Path base) throws IOException, InterruptedException {
        Path d = dir.resolve(side);
        Files.createDirectories(d);
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "org.cloudlet.handoff.cli.Main", "disk", "mount", "--base", base.toString(), "--overlay", d.resolve("overlay").toString(),
                d.resolve("mnt").toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(d.resolve("tracker.log").toFile()).start();
        trackers.add(p);
        Path image = d.resolve("mnt/disk.img");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.isRegularFile(image) && Files.size(image) == Files.size(base))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the disk tracker of cloudlet " + side.toUpperCase() + " did not mount: "
                        + Files.readString(d.resolve("tracker.log")).strip());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : trackers) {
            p.destroy(); // SIGTERM: the tracker unmounts and syncs its overlay
        }
        for (Process p : trackers) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * The tiny guest's data disk: a 64 MiB ext4 image made once next to the guest (mkfs.ext4; the tiny guest has no
     * disk of its own). Kept, since a new one would be a new base.
     */
    static Path dataDisk(Path guestDir) throws IOException, InterruptedException {
        Path image = guestDir.resolve("data.img");
        if (Files.isRegularFile(image)) {
            return image;
        }
        Path tmp = guestDir.resolve("data.img.partial");
        Files.deleteIfExists(tmp);
        Process p = new ProcessBuilder("mkfs.ext4", "-q", "-F", "-b", "4096", "-L", "data", tmp.toString(), "64M")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            Files.deleteIfExists(tmp);
            throw new IOException("mkfs.ext4 failed: " + out.strip());
        }
        Files.move(tmp, image, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return image;
    }
}
