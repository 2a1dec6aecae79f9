package org.cloudlet.handoff.base;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.SpaceKind;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One space of a base VM (its disk image, or its memory image) with its hash index. Thread-safe reads. */
public final class BaseSpace implements Closeable {
    private final SpaceKind kind;
    private final String name;
    private final Path file;
    private final ChunkHashIndex index;
    private final FileChannel channel;

    BaseSpace(SpaceKind kind, String name, Path file, ChunkHashIndex index) throws IOException {
        this.kind = kind;
        this.name = name;
        this.file = file;
        this.index = index;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
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

    /** Reads chunk {@code chunk} into {@code dst[0..)} and returns its length. */
    public int read(long chunk, byte[] dst) throws IOException {
        int len = chunkLength(chunk);
        ByteBuffer buf = ByteBuffer.wrap(dst, 0, len);
        long pos = chunk << ChunkFormat.CHUNK_SHIFT;
        while (buf.hasRemaining()) {
            if (channel.read(buf, pos + buf.position()) < 0) {
                throw new IOException(file + ": unexpected end of file at offset " + (pos + buf.position()) + " (the base changed after it was indexed?)");
            }
        }
        return len;
    }

    /** A chunk of a base space. */
    public record Location(BaseSpace space, long chunk) {
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
