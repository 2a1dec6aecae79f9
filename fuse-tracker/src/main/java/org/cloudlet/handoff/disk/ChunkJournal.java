package org.cloudlet.handoff.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The overlay's persistent record, append-only: a header naming the disk's length, then 16-byte records, each
 * either "chunk N is held by the overlay (written or discarded)" or "mark N". A chunk is recorded after its bytes
 * reach the overlay's data file, so a replay never names a chunk whose bytes are missing; a chunk written again is
 * recorded again, so "dirty since mark N" is every chunk recorded after that mark. Records are appended with
 * {@code O_APPEND} in one write each: the tracker and a process taking a mark may append concurrently, and a reader
 * may tail the file while it grows (it only takes whole records).
 */
public final class ChunkJournal implements AutoCloseable {
    static final String FILE = "overlay.journal";
    static final long MAGIC = 0x484f464a524e4c31L; // "HOFJRNL1"
    static final int HEADER = 32;
    static final int RECORD = 16;
    static final long HELD = 1;
    static final long MARK = 2;

    private final FileChannel channel;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD);

    private ChunkJournal(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates a journal for a disk of {@code length} bytes, or opens the existing one after checking it matches. */
    public static ChunkJournal open(Path dir, long length) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER).putLong(MAGIC).putLong(DiskGeometry.CHUNK).putLong(length).putLong(0);
            Path tmp = dir.resolve(FILE + ".new");
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                c.write(h.flip());
                c.force(true);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        long recorded = readHeader(file);
        if (recorded != length) {
            throw new IOException("overlay " + dir + " is for a disk of " + recorded + " bytes, the base has " + length);
        }
        return new ChunkJournal(FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** The disk length the journal in {@code dir} was created for. */
    public static long readHeader(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            while (h.hasRemaining() && c.read(h) >= 0) {
                // fill
            }
            h.flip();
            if (h.remaining() < HEADER || h.getLong() != MAGIC) {
                throw new IOException(file + " is not an overlay journal");
            }
            long chunk = h.getLong();
            if (chunk != DiskGeometry.CHUNK) {
                throw new IOException(file + " uses " + chunk + "-byte chunks (expected " + DiskGeometry.CHUNK + ")");
            }
            return h.getLong();
        }
    }

    public synchronized void held(long chunk) throws IOException {
        append(HELD, chunk);
    }

    /** Records {@code n} chunks in one append. */
    public synchronized void heldAll(long[] chunks, int n) throws IOException {
        ByteBuffer b = n * RECORD <= record.capacity() ? record.clear() : ByteBuffer.allocate(n * RECORD);
        for (int i = 0; i < n; i++) {
            b.putLong(HELD).putLong(chunks[i]);
        }
        b.flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    public synchronized void mark(long number) throws IOException {
        append(MARK, number);
    }

    private void append(long tag, long value) throws IOException {
        record.clear();
        record.putLong(tag).putLong(value).flip();
        while (record.hasRemaining()) {
            channel.write(record);
        }
    }

    /** The journal's length in bytes, including records other processes appended. */
    public long size() throws IOException {
        return channel.size();
    }

    /** Cuts off anything after the last whole record (only while no one else appends: at mount). */
    synchronized void truncateTo(long end) throws IOException {
        if (channel.size() > end) {
            channel.truncate(end);
            channel.force(false);
        }
    }

    /** Makes every record appended so far durable. */
    public void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
