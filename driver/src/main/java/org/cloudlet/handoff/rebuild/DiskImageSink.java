package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A live handoff's disk chunks written into the destination's disk image in place: the disk.img of a fresh
 * fuse-tracker mount over the destination's copy of the base, so the chunks land in a new overlay and the base is
 * never copied. Each write reaches the tracker before the next item is decoded, so the device state that follows
 * the last chunks on the wire finds the whole disk. Nothing to undo on failure: the overlay is discarded with it.
 */
public final class DiskImageSink implements ChunkSink {
    private final Space space;
    private final FileChannel image;

    private DiskImageSink(Space space, FileChannel image) {
        this.space = space;
        this.image = image;
    }

    public static DiskImageSink open(Space space, Path image) throws IOException {
        if (!Files.exists(image)) {
            throw new IOException("destination disk image " + image + " does not exist (mount the tracked disk first)");
        }
        FileChannel c = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (c.size() != space.length()) {
            long size = c.size();
            c.close();
            throw new IOException("the source's disk has " + space.length() + " bytes, the destination's " + image + " has " + size
                    + " (a different base?)");
        }
        return new DiskImageSink(space, c);
    }

    @Override
    public Space space() {
        return space;
    }

    @Override
    public void write(long chunk, byte[] data, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data, off, len);
        long at = chunk * ChunkFormat.CHUNK_SIZE;
        while (b.hasRemaining()) {
            image.write(b, at + (b.position() - off));
        }
    }

    @Override
    public void read(long chunk, byte[] dst, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, 0, len);
        long at = chunk * ChunkFormat.CHUNK_SIZE;
        while (b.hasRemaining()) {
            if (image.read(b, at + b.position()) < 0) {
                throw new IOException("disk image ended reading chunk " + chunk);
            }
        }
    }

    @Override
    public void commit() throws IOException {
        try (image) {
            image.force(false);
        }
    }

    @Override
    public void abort() {
        try {
            image.close();
        } catch (IOException ignored) {
            // failing anyway
        }
    }
}
