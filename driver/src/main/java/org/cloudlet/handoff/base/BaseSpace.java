package org.cloudlet.handoff.base;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.SpaceKind;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** One space of a base VM (its disk image, or its memory image) with its hash index. Thread-safe reads. */
public final class BaseSpace implements Closeable {
    private final SpaceKind kind;
    private final String name;
    private final Path file;
    private final ChunkHashIndex index;
    private static final int REGION_SHIFT = 30;
    private static final long REGION_MASK = (1L << REGION_SHIFT) - 1;

    private final FileChannel channel;
    private final long mappedLength;
    private final AtomicReferenceArray<ByteBuffer> regions; // mapped on first use, under the lock

    BaseSpace(SpaceKind kind, String name, Path file, ChunkHashIndex index) throws IOException {
        this.kind = kind;
        this.name = name;
        this.file = file;
        this.index = index;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.mappedLength = Math.min(channel.size(), index.length());
        this.regions = new AtomicReferenceArray<>((int) ((mappedLength + REGION_MASK) >>> REGION_SHIFT));
    }

    public SpaceKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public ChunkHashIndex index() {
        return index;
    }

    public long length() {
        return index.length();
    }

    public long chunkCount() {
        return index.chunkCount();
    }

    public int chunkLength(long chunk) {
        return ChunkFormat.chunkLength(index.length(), chunk);
    }

    /**
     * Reads chunk {@code chunk} into {@code dst[0..)} and returns its length. Reads go through read-only memory maps
     * of 1 GiB regions: a base chunk is read for every delta and base reference on both sides, and a copy from the
     * page cache costs a fraction of a pread through a heap buffer. (A base is immutable; truncating one while it
     * is mapped would fault the process, as it would corrupt any handoff using it.)
     */
    public int read(long chunk, byte[] dst) throws IOException {
        int len = chunkLength(chunk);
        long pos = chunk << ChunkFormat.CHUNK_SHIFT;
        if (pos + len > mappedLength) {
            throw new IOException(file + ": chunk " + chunk + " lies past the end of the file (" + mappedLength
                    + " bytes; the base changed after it was indexed?)");
        }
        region(pos).get((int) (pos & REGION_MASK), dst, 0, len);
        return len;
    }

    private ByteBuffer region(long pos) throws IOException {
        int r = (int) (pos >>> REGION_SHIFT);
        ByteBuffer m = regions.get(r);
        if (m == null) {
            synchronized (this) {
                m = regions.get(r);
                if (m == null) {
                    long start = (long) r << REGION_SHIFT;
                    m = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(1L << REGION_SHIFT, mappedLength - start));
                    regions.set(r, m);
                }
            }
        }
        return m;
    }

    /** A chunk of a base space. */
    public record Location(BaseSpace space, long chunk) {
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
