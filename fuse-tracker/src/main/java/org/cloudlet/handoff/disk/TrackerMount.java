package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A mounted tracked disk: {@code MOUNTDIR/disk.img} reads as the base image plus the overlay, and every write is
 * recorded. A mount left behind by a killed tracker is cleared first; a live one is refused.
 */
public final class TrackerMount implements AutoCloseable {
    /** Writes of up to 128 KiB reach the tracker in one call (FUSE 2 splits into 4 KiB without big_writes). */
    private static final List<String> OPTIONS = List.of("-o", "big_writes", "-o", "max_write=131072",
            "-o", "fsname=handoff-disk", "-o", "subtype=handoff");

    private static final Logger LOG = Logger.getLogger(TrackerMount.class.getName());
    private static final Duration UNMOUNT_PATIENCE = Duration.ofSeconds(10);
    private static final Duration SESSION_END = Duration.ofSeconds(15);

    private final CowDisk disk;
    private final TrackerFs fs;
    private final Path mountPoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TrackerMount(CowDisk disk, TrackerFs fs, Path mountPoint) {
        this.disk = disk;
        this.fs = fs;
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts the disk over {@code baseImage} with its overlay in {@code overlayDir} at {@code mountPoint}; returns
     * once {@code disk.img} is visible. {@code allowOther} lets other users (a QEMU run by libvirt) open it.
     */
    public static TrackerMount mount(Path baseImage, Path overlayDir, Path mountPoint, boolean allowOther) throws IOException {
        prepare(mountPoint);
        CowDisk disk = CowDisk.open(baseImage, overlayDir);
        TrackerFs fs = new TrackerFs(disk, overlayDir);
        TrackerMount m = new TrackerMount(disk, fs, mountPoint);
        try {
            fs.mount(mountPoint, false, false, options(allowOther));
            m.awaitVisible();
            return m;
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Mounts and serves until the mount is unmounted (fusermount -u) or the process is signalled. */
    public static void serve(Path baseImage, Path overlayDir, Path mountPoint, boolean allowOther) throws IOException {
        prepare(mountPoint);
        CowDisk disk = CowDisk.open(baseImage, overlayDir);
        TrackerFs fs = new TrackerFs(disk, overlayDir);
        CountDownLatch served = new CountDownLatch(1);
        // On SIGTERM: unmount, then let the serving thread close the disk once the session has ended.
        Thread hook = new Thread(() -> {
            try {
                MountTable.unmount(mountPoint, UNMOUNT_PATIENCE);
                served.await(SESSION_END.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException | InterruptedException ignored) {
                // exiting anyway
            }
        }, "tracker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            fs.mount(mountPoint, true, false, options(allowOther)); // returns when the session has ended
        } finally {
            try {
                disk.close();
            } finally {
                served.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down: the hook is running
                }
            }
        }
    }

    private static String[] options(boolean allowOther) {
        List<String> o = new ArrayList<>(OPTIONS);
        if (allowOther) {
            o.addAll(List.of("-o", "allow_other"));
        }
        return o.toArray(String[]::new);
    }

    private static void prepare(Path mountPoint) throws IOException {
        if (MountTable.isStale(mountPoint)) {
            MountTable.detach(mountPoint); // left by a tracker that was killed
        } else if (MountTable.isMountPoint(mountPoint)) {
            throw new IOException(mountPoint + " is already mounted (another tracker?)");
        }
        Files.createDirectories(mountPoint);
    }

    private void awaitVisible() throws IOException {
        Path image = image();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (MountTable.isMountPoint(mountPoint) && Files.size(image) == disk.length()) {
                    return;
                }
            } catch (IOException notYet) {
                // not mounted yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the mount at " + mountPoint, e);
            }
        }
        throw new IOException("the tracked disk did not appear at " + image + " within 15 s (is /dev/fuse usable and libfuse2 installed?)");
    }

    /**
     * The overlay of the tracked disk whose image is {@code image} ({@code MOUNTDIR/disk.img}), read from the mount's
     * {@code .overlay} link; empty if {@code image} is not on a tracker mount.
     */
    public static java.util.Optional<Path> overlayOf(Path image) {
        Path link = image.resolveSibling(TrackerFs.OVERLAY_LINK);
        if (!image.getFileName().toString().equals(TrackerFs.FILE) || !Files.isSymbolicLink(link)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readSymbolicLink(link));
        } catch (IOException e) {
            return java.util.Optional.empty(); // unmounted meanwhile
        }
    }

    /**
     * Unmounts the tracker mount at {@code mountPoint} (its serving process, e.g. {@code handoff disk mount}, then
     * syncs the overlay and exits); waits while the disk is busy, then detaches it. False if it was not mounted.
     */
    public static boolean unmount(Path mountPoint) throws IOException {
        if (!MountTable.isMountPoint(mountPoint)) {
            return false;
        }
        MountTable.unmount(mountPoint, UNMOUNT_PATIENCE);
        return true;
    }

    /** The tracked disk image: give this path to QEMU. */
    public Path image() {
        return mountPoint.resolve(TrackerFs.FILE);
    }

    public CowDisk disk() {
        return disk;
    }

    /**
     * Unmounts (waiting while the disk is busy, then detaching it), waits until the session has ended, then makes
     * the overlay durable and releases it: no request may still be on its way to a closed overlay.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            MountTable.unmount(mountPoint, UNMOUNT_PATIENCE);
            if (!fs.awaitEnded(SESSION_END)) {
                LOG.warning("the FUSE session at " + mountPoint + " did not end within " + SESSION_END.toSeconds()
                        + " s (a process still has disk.img open?); closing the overlay anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disk.close();
        }
    }
}
