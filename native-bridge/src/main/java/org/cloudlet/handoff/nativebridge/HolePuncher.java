package org.cloudlet.handoff.nativebridge;

import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Frees a byte range of a file, which then reads as zeros ({@code fallocate(PUNCH_HOLE | KEEP_SIZE)}): the JDK
 * cannot. Holds its own descriptor of the file. Where libc or the file system cannot, {@link #open} returns null
 * and the caller writes zeros instead.
 */
public final class HolePuncher implements AutoCloseable {
    private static final NativeLoader.Loaded<LibC> LIBC = NativeLoader.load(LibC.class, "c");

    private final LibC libc;
    private final Path file;
    private int fd;

    private HolePuncher(LibC libc, Path file, int fd) {
        this.libc = libc;
        this.file = file;
        this.fd = fd;
    }

    /** A puncher for {@code file}, or null if this platform has none. */
    public static HolePuncher open(Path file) {
        if (!LIBC.ok()) {
            return null;
        }
        int fd = LIBC.library().open(file.toString(), LibC.O_WRONLY);
        return fd < 0 ? null : new HolePuncher(LIBC.library(), file, fd);
    }

    /** Punches {@code [offset, offset + length)}; false if the file system does not support it. */
    public synchronized boolean punch(long offset, long length) throws IOException {
        if (fd < 0) {
            throw new IOException("hole puncher for " + file + " is closed");
        }
        if (libc.fallocate(fd, LibC.FALLOC_FL_PUNCH_HOLE | LibC.FALLOC_FL_KEEP_SIZE, offset, length) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == 95 /* EOPNOTSUPP */) {
            return false;
        }
        throw new IOException("punching a hole in " + file + " at " + offset + "+" + length + ": errno " + errno);
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
    }
}
