package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * Gives a tracker mount the kernel readahead of the device that holds its base image. A FUSE mount gets at most
 * 128 KiB (libfuse 2 cannot ask for more in its INIT reply) while the image read directly gets its block device's
 * (8 MiB on this machine's virtio disk): sequential buffered reads through the tracker then ran at 0.68 of the
 * direct file's. The kernel lets the mount's backing-device setting be raised through sysfs after mounting.
 */
final class MountReadahead {
    private static final Logger LOG = Logger.getLogger(MountReadahead.class.getName());
    /** For a base on a file system without a backing device of its own (tmpfs, overlay): 1 MiB. */
    static final int FALLBACK_KIB = 1024;

    private MountReadahead() {
    }

    /** Sets the readahead of the mount at {@code mountPoint} to that of {@code baseImage}'s device; logs if it cannot. */
    static void match(Path mountPoint, Path baseImage) {
        try {
            int kib = of(baseImage).orElse(FALLBACK_KIB);
            Path setting = setting(mountPoint);
            int now = Integer.parseInt(Files.readString(setting).trim());
            if (kib > now) {
                Files.writeString(setting, Integer.toString(kib));
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("tracked disk at " + mountPoint + ": kernel readahead left as it is (" + e.getMessage() + ")");
        }
    }

    /**
     * The readahead of the device holding {@code file}: its backing device's, or for a partition its disk's queue;
     * empty when it has none (tmpfs, overlay).
     */
    static OptionalInt of(Path file) throws IOException {
        long dev = (Long) Files.getAttribute(file, "unix:dev");
        Path block = Path.of("/sys/dev/block", major(dev) + ":" + minor(dev));
        for (Path setting : new Path[]{setting(file), block.resolve("queue/read_ahead_kb"), block.resolve("../queue/read_ahead_kb")}) {
            if (Files.isReadable(setting)) {
                return OptionalInt.of(Integer.parseInt(Files.readString(setting).trim()));
            }
        }
        return OptionalInt.empty();
    }

    /** /sys/class/bdi/MAJOR:MINOR/read_ahead_kb of the device {@code path} lives on. */
    static Path setting(Path path) throws IOException {
        long dev = (Long) Files.getAttribute(path, "unix:dev");
        return Path.of("/sys/class/bdi", major(dev) + ":" + minor(dev), "read_ahead_kb");
    }

    /** glibc's gnu_dev_major / gnu_dev_minor. */
    static long major(long dev) {
        return (dev >>> 8 & 0xfff) | (dev >>> 32 & 0xfffff000L);
    }

    static long minor(long dev) {
        return (dev & 0xff) | (dev >>> 12 & 0xffffff00L);
    }
}
