package org.cloudlet.handoff.disk;

import org.cloudlet.handoff.nativebridge.HolePuncher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The modified chunks of one disk, in a directory: a sparse data file (chunk N at byte N × 4 KiB), the journal of
 * which chunks it holds, and a lock so only one tracker uses it. A chunk's bytes are written before the journal
 * names it, so whatever a crash leaves, every chunk the journal names is whole. Thread-safe.
 */
public final class Overlay implements AutoCloseable {
    static final String DATA = "overlay.data";
    private static final String LOCK = "overlay.lock";

    private final Path dir;
    private final long length;
    private final FileChannel data;
    private final ChunkJournal journal;
    private final HolePuncher puncher;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Chunks the overlay holds (guarded by itself). */
    private final DirtyChunkMap held;
    /** Chunks recorded in the journal since its last mark (guarded by the journal). */
    private final DirtyChunkMap recordedSinceMark;
    private long journalEnd;
    /** Chunks of one run to journal (guarded by the journal). */
    private long[] pending = new long[64];

    private Overlay(Path dir, long length, FileChannel data, ChunkJournal journal, HolePuncher puncher,
                    FileChannel lockChannel, FileLock lock, DirtyChunkMap held) throws IOException {
        this.dir = dir;
        this.length = length;
        this.data = data;
        this.journal = journal;
        this.puncher = puncher;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.held = held;
        this.recordedSinceMark = new DirtyChunkMap(DiskGeometry.chunkCount(length));
        this.journalEnd = journal.size();
    }

    /** Opens (creating if needed) the overlay in {@code dir} for a disk of {@code length} bytes. */
    public static Overlay open(Path dir, long length) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("overlay " + dir + " is in use by another tracker (mounted? unmount it first)");
        }
        ChunkJournal journal = null;
        FileChannel data = null;
        try {
            journal = ChunkJournal.open(dir, length);
            DirtyChunkMap held = new DirtyChunkMap(DiskGeometry.chunkCount(length));
            long end = JournalReader.read(dir, JournalReader.start(), DiskGeometry.chunkCount(length), held::mark);
            journal.truncateTo(end); // a torn or zeroed tail (a failed append, a power loss) would misalign what follows
            data = FileChannel.open(dir.resolve(DATA), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new Overlay(dir, length, data, journal, HolePuncher.open(dir.resolve(DATA)), lockChannel, lock, held);
        } catch (IOException | RuntimeException e) {
            if (data != null) {
                data.close();
            }
            if (journal != null) {
                journal.close();
            }
            lockChannel.close(); // releases the lock
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public long length() {
        return length;
    }

    public boolean holds(long chunk) {
        synchronized (held) {
            return held.isMarked(chunk);
        }
    }

    public long heldCount() {
        synchronized (held) {
            return held.count();
        }
    }

    /** Reads held bytes at disk position {@code position} (a hole, or past the data file's end, reads as zeros). */
    public void read(long position, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = data.read(dst, position);
            if (n < 0) {
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                return;
            }
            position += n;
        }
    }

    /** Writes into a chunk the overlay already holds; the caller holds the chunk's lock. */
    public void writeHeld(long chunk, long position, ByteBuffer src) throws IOException {
        writeFully(position, src);
        recorded(chunk);
    }

    /** Takes a whole chunk into the overlay (its first write); the caller holds the chunk's lock. */
    public void adopt(long chunk, ByteBuffer whole) throws IOException {
        writeFully(DiskGeometry.start(chunk), whole);
        recorded(chunk);
        synchronized (held) {
            held.mark(chunk);
        }
    }

    /**
     * Writes {@code count} whole chunks from {@code first} in one go, held or not (no base bytes to merge); the
     * caller holds their locks.
     */
    public void writeWhole(long first, int count, ByteBuffer src) throws IOException {
        writeFully(DiskGeometry.start(first), src);
        recordedRun(first, count);
        synchronized (held) {
            for (int i = 0; i < count; i++) {
                held.mark(first + i);
            }
        }
    }

    /** Makes a whole chunk read as zeros (a discard), freeing its space where the file system can. */
    public void zero(long chunk) throws IOException {
        long at = DiskGeometry.start(chunk);
        if (puncher == null || !puncher.punch(at, DiskGeometry.CHUNK)) {
            writeFully(at, ByteBuffer.allocate(DiskGeometry.CHUNK));
        }
        recorded(chunk);
        synchronized (held) {
            held.mark(chunk);
        }
    }

    private void writeFully(long position, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            position += data.write(src, position);
        }
    }

    /**
     * Journals a chunk after its bytes landed, unless it is already journalled since the last mark: a mark appended
     * by another process shows as journal bytes this tracker did not write. Checking after the write keeps the rule
     * "a write after a mark is journalled after it".
     */
    private void recorded(long chunk) throws IOException {
        recordedRun(chunk, 1);
    }

    private void recordedRun(long first, int count) throws IOException {
        synchronized (journal) {
            long size = journal.size();
            if (size != journalEnd) {
                recordedSinceMark.clearAll();
                journalEnd = size;
            }
            if (pending.length < count) {
                pending = new long[count];
            }
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (recordedSinceMark.mark(first + i)) {
                    pending[n++] = first + i;
                }
            }
            if (n > 0) {
                try {
                    journal.heldAll(pending, n);
                } catch (IOException | RuntimeException e) {
                    for (int i = 0; i < n; i++) { // not journalled: a retried write must journal them
                        recordedSinceMark.clear(pending[i]);
                    }
                    throw e;
                }
                journalEnd += (long) n * ChunkJournal.RECORD; // not re-read: a mark appended meanwhile must still show next time
            }
        }
    }

    /** Makes every write so far durable: the data first, then the journal that names it. */
    public void sync() throws IOException {
        data.force(false);
        journal.sync();
    }

    @Override
    public void close() throws IOException {
        try (lockChannel; journal; data) {
            if (puncher != null) {
                puncher.close();
            }
            sync();
            lock.release();
        }
    }
}
