package org.cloudlet.handoff.disk;

import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The FUSE file system of a tracked disk: one directory holding one file, {@code disk.img}, whose reads and writes
 * go to a {@link CowDisk}, and a symbolic link {@code .overlay} to the overlay directory, so whoever finds the image
 * (a daemon reading a QEMU's command line) finds its changes. It only translates calls and errors; the disk logic
 * lives in CowDisk.
 */
final class TrackerFs extends FuseStubFS {
    static final String FILE = "disk.img";
    static final String OVERLAY_LINK = ".overlay";
    private static final String PATH = "/" + FILE;
    private static final String LINK_PATH = "/" + OVERLAY_LINK;
    private static final Logger LOG = Logger.getLogger(TrackerFs.class.getName());
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    private static final int FALLOC_FL_ZERO_RANGE = 0x10;

    private final CowDisk disk;
    private final byte[] overlayDir;
    private final long mountedAt = System.currentTimeMillis() / 1000;
    private volatile long modifiedAt = mountedAt;

    /** Counted down when libfuse ends the session: no request can reach the disk after it. */
    private final CountDownLatch ended = new CountDownLatch(1);

    TrackerFs(CowDisk disk, java.nio.file.Path overlayDir) {
        this.disk = disk;
        this.overlayDir = overlayDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private volatile boolean started;

    @Override
    public Pointer init(Pointer conn) {
        started = true;
        return null;
    }

    @Override
    public void destroy(Pointer initResult) {
        ended.countDown();
    }

    /** Waits until the session has ended (unmounted and no file left open); at once if it never started. */
    boolean awaitEnded(Duration timeout) throws InterruptedException {
        return !started || ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int getattr(String path, FileStat stat) {
        if ("/".equals(path)) {
            stat.st_mode.set(FileStat.S_IFDIR | 0755);
            stat.st_nlink.set(2);
        } else if (PATH.equals(path)) {
            stat.st_mode.set(FileStat.S_IFREG | 0644);
            stat.st_nlink.set(1);
            stat.st_size.set(disk.length());
            stat.st_blocks.set((disk.length() + 511) / 512);
        } else if (LINK_PATH.equals(path)) {
            stat.st_mode.set(FileStat.S_IFLNK | 0777);
            stat.st_nlink.set(1);
            stat.st_size.set(overlayDir.length);
        } else {
            return -ErrorCodes.ENOENT();
        }
        stat.st_uid.set(getContext().uid.get());
        stat.st_gid.set(getContext().gid.get());
        stat.st_mtim.tv_sec.set(modifiedAt);
        stat.st_ctim.tv_sec.set(modifiedAt);
        stat.st_atim.tv_sec.set(mountedAt);
        return 0;
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        if (!"/".equals(path)) {
            return -ErrorCodes.ENOENT();
        }
        filter.apply(buf, ".", null, 0);
        filter.apply(buf, "..", null, 0);
        filter.apply(buf, FILE, null, 0);
        filter.apply(buf, OVERLAY_LINK, null, 0);
        return 0;
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        if (!LINK_PATH.equals(path)) {
            return -ErrorCodes.ENOENT();
        }
        int n = (int) Math.min(overlayDir.length, size - 1); // FUSE 2 wants it NUL-terminated, cut to fit
        buf.put(0, overlayDir, 0, n);
        buf.putByte(n, (byte) 0);
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return PATH.equals(path) ? 0 : -ErrorCodes.ENOENT();
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        if (!PATH.equals(path)) {
            return -ErrorCodes.ENOENT();
        }
        try {
            return disk.read(offset, direct(buf, size));
        } catch (IOException | RuntimeException e) {
            return failed("read of " + size + " bytes at " + offset, e);
        }
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        if (!PATH.equals(path)) {
            return -ErrorCodes.ENOENT();
        }
        try {
            disk.write(offset, direct(buf, size));
            modifiedAt = System.currentTimeMillis() / 1000;
            return (int) size;
        } catch (DiskRangeException e) {
            return -ErrorCodes.ENOSPC();
        } catch (IOException | RuntimeException e) {
            return failed("write of " + size + " bytes at " + offset, e);
        }
    }

    @Override
    public int fallocate(String path, int mode, @off_t long offset, @off_t long length, FuseFileInfo fi) {
        if (!PATH.equals(path)) {
            return -ErrorCodes.ENOENT();
        }
        try {
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0 || (mode & FALLOC_FL_ZERO_RANGE) != 0) {
                long end = Math.min(disk.length(), offset + length);
                if (offset < end) {
                    disk.zero(offset, end - offset);
                    modifiedAt = System.currentTimeMillis() / 1000;
                }
                return 0;
            }
            if ((mode & ~FALLOC_FL_KEEP_SIZE) == 0) {
                // Plain allocation: every byte of the disk is already backed (by the base or the overlay).
                return offset + length <= disk.length() || (mode & FALLOC_FL_KEEP_SIZE) != 0 ? 0 : -ErrorCodes.EFBIG();
            }
            return -ErrorCodes.EOPNOTSUPP();
        } catch (DiskRangeException e) {
            return -ErrorCodes.ENOSPC();
        } catch (IOException | RuntimeException e) {
            return failed("fallocate mode " + mode + " of " + length + " bytes at " + offset, e);
        }
    }

    @Override
    public int truncate(String path, @off_t long size) {
        if (!PATH.equals(path)) {
            return -ErrorCodes.ENOENT();
        }
        return size == disk.length() ? 0 : -ErrorCodes.EPERM(); // the disk keeps its base's size
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        return truncate(path, size);
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return sync();
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return sync();
    }

    private int sync() {
        try {
            disk.sync();
            return 0;
        } catch (IOException | RuntimeException e) {
            return failed("sync", e);
        }
    }

    /**
     * libfuse's own request buffer as a direct ByteBuffer: the file channels read into it and write from it with no
     * copy through the Java heap (which halved sequential throughput).
     */
    private static ByteBuffer direct(Pointer buf, long size) {
        return new com.sun.jna.Pointer(buf.address()).getByteBuffer(0, size);
    }

    private static int failed(String what, Exception e) {
        LOG.log(Level.WARNING, "tracked disk: " + what + " failed: " + e.getMessage(), e);
        return -ErrorCodes.EIO();
    }
}
