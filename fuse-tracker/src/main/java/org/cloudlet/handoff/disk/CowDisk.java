package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A disk that reads as the base image with the overlay's chunks on top and writes copy-on-write in 4 KiB chunks:
 * the first write to a chunk copies the base chunk, merges the written bytes and hands the whole chunk to the
 * overlay. The base is never written. Thread-safe: writes to one chunk are serialised by striped locks.
 */
public final class CowDisk implements AutoCloseable {
    private static final int STRIPES = 256;
    /** Whole chunks written in one go at most (a FUSE write is at most 128 KiB = 32 chunks). */
    private static final int MAX_RUN = 64;

    private final FileChannel base;
    private final Overlay overlay;
    private final long length;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    private CowDisk(FileChannel base, Overlay overlay) {
        this.base = base;
        this.overlay = overlay;
        this.length = overlay.length();
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Opens the disk over {@code baseImage} with its overlay in {@code overlayDir} (created on first use). */
    public static CowDisk open(Path baseImage, Path overlayDir) throws IOException {
        FileChannel base = FileChannel.open(baseImage, StandardOpenOption.READ);
        try {
            return new CowDisk(base, Overlay.open(overlayDir, base.size()));
        } catch (IOException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    public long length() {
        return length;
    }

    public Overlay overlay() {
        return overlay;
    }

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns the count, 0 at or past the end. */
    public int read(long position, ByteBuffer dst) throws IOException {
        int total = (int) Math.max(0, Math.min(dst.remaining(), length - position));
        int end = dst.position() + total;
        while (dst.position() < end) {
            long chunk = DiskGeometry.chunkOf(position);
            int n = (int) Math.min(end - dst.position(), DiskGeometry.start(chunk + 1) - position);
            ByteBuffer part = dst.slice(dst.position(), n);
            if (overlay.holds(chunk)) {
                overlay.read(position, part);
            } else {
                readBase(position, part);
            }
            dst.position(dst.position() + n);
            position += n;
        }
        return total;
    }

    /** Writes all of {@code src} at {@code position}; the disk does not grow. */
    public void write(long position, ByteBuffer src) throws IOException {
        if (position < 0 || position + src.remaining() > length) {
            throw new DiskRangeException("write of " + src.remaining() + " bytes at " + position + " past the disk's " + length + " bytes");
        }
        while (src.hasRemaining()) {
            long chunk = DiskGeometry.chunkOf(position);
            long chunkStart = DiskGeometry.start(chunk);
            int whole = position == chunkStart
                    ? (int) Math.min(MAX_RUN, Math.min(src.remaining(), length - position) / DiskGeometry.CHUNK) : 0;
            if (whole > 0) { // whole chunks: nothing of the base to keep, one write for the run
                int n = whole * DiskGeometry.CHUNK;
                lockRun(chunk, whole);
                try {
                    overlay.writeWhole(chunk, whole, src.slice(src.position(), n));
                } finally {
                    unlockRun(chunk, whole);
                }
                src.position(src.position() + n);
                position += n;
                continue;
            }
            int n = (int) Math.min(src.remaining(), chunkStart + DiskGeometry.CHUNK - position);
            ByteBuffer part = src.slice(src.position(), n);
            lockRun(chunk, 1);
            try {
                if (overlay.holds(chunk)) {
                    overlay.writeHeld(chunk, position, part);
                } else { // copy-on-write: the base chunk with the written bytes merged in
                    int chunkLength = (int) Math.min(DiskGeometry.CHUNK, length - chunkStart);
                    ByteBuffer merged = ByteBuffer.allocate(chunkLength);
                    if (n < chunkLength) {
                        readBase(chunkStart, merged);
                        merged.clear();
                    }
                    merged.put((int) (position - chunkStart), part, 0, n);
                    overlay.adopt(chunk, merged);
                }
            } finally {
                unlockRun(chunk, 1);
            }
            src.position(src.position() + n);
            position += n;
        }
    }

    /**
     * Makes {@code [position, position + len)} read as zeros (discard, punch-hole, zero-range): whole chunks are
     * freed in the overlay, partial ones written with zeros.
     */
    public void zero(long position, long len) throws IOException {
        if (position < 0 || len < 0 || position + len > length) {
            throw new DiskRangeException("discard of " + len + " bytes at " + position + " past the disk's " + length + " bytes");
        }
        long end = position + len;
        while (position < end) {
            long chunk = DiskGeometry.chunkOf(position);
            long chunkStart = DiskGeometry.start(chunk);
            long chunkEnd = Math.min(chunkStart + DiskGeometry.CHUNK, length);
            int n = (int) (Math.min(end, chunkEnd) - position);
            if (position == chunkStart && n == chunkEnd - chunkStart) {
                lockRun(chunk, 1);
                try {
                    overlay.zero(chunk);
                } finally {
                    unlockRun(chunk, 1);
                }
            } else {
                write(position, ByteBuffer.allocate(n));
            }
            position += n;
        }
    }

    /** Makes every completed write durable. */
    public void sync() throws IOException {
        overlay.sync();
    }

    private void readBase(long position, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = base.read(dst, position);
            if (n < 0) {
                throw new IOException("base image ended at " + position + " (it changed under the overlay?)");
            }
            position += n;
        }
    }

    /**
     * Locks the stripes of {@code count} consecutive chunks (count <= MAX_RUN < STRIPES, so each stripe once) in
     * ascending stripe order, the one order every writer uses: no deadlock between overlapping runs.
     */
    private void lockRun(long first, int count) {
        int from = (int) (first & (STRIPES - 1));
        int wrapped = from + count - STRIPES; // stripes 0..wrapped-1 come first when the run wraps around
        for (int s = 0; s < wrapped; s++) {
            locks[s].lock();
        }
        for (int s = from; s < Math.min(STRIPES, from + count); s++) {
            locks[s].lock();
        }
    }

    private void unlockRun(long first, int count) {
        int from = (int) (first & (STRIPES - 1));
        for (int s = from; s < Math.min(STRIPES, from + count); s++) {
            locks[s].unlock();
        }
        for (int s = 0; s < from + count - STRIPES; s++) {
            locks[s].unlock();
        }
    }

    @Override
    public void close() throws IOException {
        try (base) {
            overlay.close();
        }
    }
}
