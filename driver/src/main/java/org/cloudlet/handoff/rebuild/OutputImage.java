package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One rebuilt space being written: a {@code NAME.partial} file, started as a sparse copy of the base space of the
 * same name, that becomes {@code NAME} only on {@link #commit()}. Until then nothing at the final path changes,
 * so a failed decode never leaves a half-written image looking complete.
 */
final class OutputImage implements ChunkSink, Closeable {
    private static final int COPY_BLOCK = 1 << 20;

    private final Space space;
    private final Path target;
    private final Path partial;
    private static final int REGION_SHIFT = 30;
    private static final long REGION_MASK = (1L << REGION_SHIFT) - 1;

    private final FileChannel channel;
    private final MappedByteBuffer[] regions;
    private boolean done;

    OutputImage(Space space, Path target, BaseSpace base) throws IOException {
        this.space = space;
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".partial");
        this.regions = new MappedByteBuffer[(int) ((space.length() + REGION_MASK) >>> REGION_SHIFT)];
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (base != null) {
                copySparse(base);
            }
            channel.truncate(space.length());
            if (channel.size() < space.length()) {
                channel.write(ByteBuffer.allocate(1), space.length() - 1); // extends sparsely
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void copySparse(BaseSpace base) throws IOException {
        long n = Math.min(base.length(), space.length());
        try (FileChannel in = FileChannel.open(base.file(), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(COPY_BLOCK);
            for (long pos = 0; pos < n; pos += COPY_BLOCK) {
                int want = (int) Math.min(COPY_BLOCK, n - pos);
                buf.clear().limit(want);
                while (buf.hasRemaining()) {
                    if (in.read(buf, pos + buf.position()) < 0) {
                        throw new IOException(base.file() + ": unexpected end of file at offset " + (pos + buf.position()));
                    }
                }
                byte[] a = buf.array();
                for (int off = 0; off < want; off += ChunkFormat.CHUNK_SIZE) {
                    int len = Math.min(ChunkFormat.CHUNK_SIZE, want - off);
                    if (!ChunkFormat.isZero(a, off, len)) {
                        writeFully(ByteBuffer.wrap(a, off, len), pos + off);
                    }
                }
            }
        }
    }

    @Override
    public Space space() {
        return space;
    }

    @Override
    public void write(long chunk, byte[] data, int off, int len) throws IOException {
        long pos = chunk << ChunkFormat.CHUNK_SHIFT;
        region(pos).put((int) (pos & REGION_MASK), data, off, len);
    }

    @Override
    public void read(long chunk, byte[] dst, int len) throws IOException {
        long pos = chunk << ChunkFormat.CHUNK_SHIFT;
        region(pos).get((int) (pos & REGION_MASK), dst, 0, len);
    }

    /**
     * The mapped 1 GiB region holding {@code pos}. Chunks are written through memory maps: a chunk write is then a
     * copy, not a system call. Regions are chunk-aligned, so a chunk never straddles two.
     */
    private MappedByteBuffer region(long pos) throws IOException {
        int r = (int) (pos >>> REGION_SHIFT);
        MappedByteBuffer m = regions[r];
        if (m == null) {
            long start = (long) r << REGION_SHIFT;
            m = channel.map(FileChannel.MapMode.READ_WRITE, start, Math.min(1L << REGION_SHIFT, space.length() - start));
            regions[r] = m;
        }
        return m;
    }

    private void writeFully(ByteBuffer b, long pos) throws IOException {
        long start = pos - b.position();
        while (b.hasRemaining()) {
            channel.write(b, start + b.position());
        }
    }

    /** Makes the image durable and moves it to its final name. */
    @Override
    public void commit() throws IOException {
        for (MappedByteBuffer m : regions) {
            if (m != null) {
                m.force();
            }
        }
        channel.force(true);
        channel.close();
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done = true;
    }

    /** Deletes the partial file. Idempotent. */
    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting is what matters
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // nothing more to do: the name says .partial
        }
    }

    @Override
    public void close() {
        abort();
    }
}
