package org.cloudlet.handoff.testbed;

import org.cloudlet.handoff.cli.Main;
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
        List<String> cmd = new ArrayList<>(Main.selfCommand());
        cmd.addAll(List.of("disk", "mount", "--base", base.toString(), "--overlay", d.resolve("overlay").toString(),
                d.resolve("mnt").toString()));
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
     * The tiny guest's root disk, for booting it from a tracked disk: its initramfs's files (busybox, modules) on a
     * 96 MiB ext4 image whose {@code /sbin/handoff-init} is the initramfs's own init (guest-init.sh), which the
     * initramfs switches to. Made once per initramfs (mkfs.ext4 -d); kept, since a new image would be a new base.
     */
    static Path rootDisk(Path guestDir) throws IOException {
        Path image = guestDir.resolve("root.img");
        String stamp = Files.readString(guestDir.resolve(".complete")).strip();
        Path stampFile = guestDir.resolve("root.img.stamp");
        if (Files.isRegularFile(image) && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return image;
        }
        Path tree = Files.createTempDirectory("tiny-root-");
        Path tmp = guestDir.resolve("root.img.partial");
        try {
            Shell.run("sh", "-c", "cd '" + tree + "' && zcat -f '" + guestDir.resolve("initrd.img") + "' | cpio -id --quiet");
            Files.createDirectories(tree.resolve("sbin"));
            Files.createSymbolicLink(tree.resolve("sbin/handoff-init"), Path.of("/init"));
            Files.deleteIfExists(tmp);
            Shell.run("mkfs.ext4", "-q", "-F", "-b", "4096", "-L", "root", "-d", tree.toString(), tmp.toString(), "96M");
            Files.move(tmp, image, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(stampFile, stamp);
            return image;
        } finally {
            Files.deleteIfExists(tmp);
            Shell.tryRun("rm", "-rf", tree.toString());
        }
    }
}
