package org.cloudlet.handoff.proc;

import org.cloudlet.handoff.disk.TrackerMount;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tracked disk (a fuse-tracker mount's {@code disk.img}) a local QEMU runs on, found without being told: the
 * image files in its command line, seen through {@code /proc/PID/root} (so in QEMU's own mount namespace), and the
 * mount's {@code .overlay} link next to one of them. This is how a daemon serving several libvirt domains learns
 * which overlay to send and which image to write.
 */
public final class TrackedDiskFinder {
    /** An image on a tracker mount and that mount's overlay directory, both as this process reaches them. */
    public record TrackedDisk(Path image, Path overlay) {
    }

    private final Path proc;
    private final ConnectionOwners owners;

    public TrackedDiskFinder() {
        this(Path.of("/proc"));
    }

    TrackedDiskFinder(Path proc) {
        this.proc = proc;
        this.owners = new ConnectionOwners(proc);
    }

    /**
     * The tracked disk of QEMU process {@code pid}; empty if it has none or is not a QEMU. A QEMU with several
     * tracked disks is refused: a handoff carries one disk, and sending only one would leave the others behind.
     */
    public Optional<TrackedDisk> ofProcess(long pid) throws IOException {
        Optional<String[]> args = QemuCommandLine.of(proc, pid);
        if (args.isEmpty()) {
            return Optional.empty();
        }
        Path pidDir = proc.resolve(Long.toString(pid));
        List<TrackedDisk> found = new ArrayList<>();
        for (Path file : QemuCommandLine.diskFiles(args.get())) {
            Path image = within(pidDir, file);
            Optional<Path> overlay = TrackerMount.overlayOf(image);
            if (overlay.isPresent()) {
                found.add(new TrackedDisk(image, within(pidDir, overlay.get())));
            }
        }
        if (found.size() > 1) {
            throw new IOException("QEMU process " + pid + " runs on " + found.size() + " tracked disks (" + found.stream()
                    .map(d -> d.image().toString()).toList() + "): a handoff carries one");
        }
        return found.stream().findFirst();
    }

    /**
     * The tracked disk of the QEMU at the other end of a loopback connection (migration stream to or from it). A
     * connection just made may still wait in the listener's queue, held by no process: this waits up to
     * {@code patience} for QEMU to accept it.
     */
    public Optional<TrackedDisk> ofConnectedQemu(Socket qemu, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<Long> holders = owners.of(qemu.getPort(), qemu.getLocalPort());
            for (long pid : holders) {
                if (QemuCommandLine.of(proc, pid).isPresent()) {
                    return ofProcess(pid);
                }
            }
            if (!holders.isEmpty() || System.nanoTime() > deadline) {
                return Optional.empty(); // not a QEMU's (a test's peer), or never accepted
            }
            Thread.sleep(20);
        }
    }

    /** A path of the process's mount namespace as this process reaches it: through its root (relative: its cwd). */
    private static Path within(Path pidDir, Path path) {
        return path.isAbsolute() ? pidDir.resolve("root").resolve(path.toString().substring(1)) : pidDir.resolve("cwd").resolve(path);
    }
}
