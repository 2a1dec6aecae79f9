package org.cloudlet.handoff.stream;

import org.cloudlet.handoff.base.BaseSpace;
import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;
import org.cloudlet.handoff.chunk.SpaceKind;
import org.cloudlet.handoff.rebuild.DiskImageSink;
import org.cloudlet.handoff.rebuild.ChunkSink;
import org.cloudlet.handoff.rebuild.MemorySink;
import org.cloudlet.handoff.rebuild.OpaqueSink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The destination side of a live handoff: turns the decoder's output, in wire order, back into a migration stream
 * for the destination QEMU. Every memory chunk the decoder writes is a RAM page record of the block named like its
 * space (all-zero pages as QEMU's zero records); opaque runs are written as they come; disk chunks go to the
 * destination's disk image. Pages are also kept, so later
 * SELF references can be read back.
 */
public final class PipelineToStream implements OpaqueSink {
    private final MigrationStreamWriter writer;
    private final OutputStream out;
    private final Path diskImage;
    private int nextBlock;
    private long pages;
    private final StreamDigest digest = new StreamDigest();

    public PipelineToStream(OutputStream out) {
        this(out, null);
    }

    /** {@code diskImage}: where the source's disk chunks go (a fresh tracked disk over the same base), or null. */
    public PipelineToStream(OutputStream out, Path diskImage) {
        this.out = out;
        this.writer = new MigrationStreamWriter(out);
        this.diskImage = diskImage;
    }

    /** A sink factory for the decoder: one sink per space, each a RAM block of the same name. */
    public ChunkSink.Factory sinks() {
        return this::open;
    }

    private ChunkSink open(Space space, BaseSpace base) throws IOException {
        if (space.kind() == SpaceKind.DISK) {
            if (diskImage == null) {
                throw new IOException("the source sends its VM's disk (" + space.length() + " bytes) but this daemon has no"
                        + " --disk-image to write it to");
            }
            return DiskImageSink.open(space, diskImage);
        }
        RamBlock block = new RamBlock(nextBlock++, space.name(), space.length());
        MemorySink kept = new MemorySink(space);
        return new ChunkSink() {
            @Override
            public Space space() {
                return space;
            }

            @Override
            public void write(long chunk, byte[] data, int off, int len) throws IOException {
                kept.write(chunk, data, off, len);
                long offset = chunk * ChunkFormat.CHUNK_SIZE;
                if (ChunkFormat.isZero(data, off, len)) {
                    writer.zeroPage(block, offset, 0);
                    digest.zeroPage(block.idstr(), offset);
                } else {
                    writer.page(block, offset, data, off);
                    digest.page(block.idstr(), offset, data, off);
                }
                pages++;
            }

            @Override
            public void read(long chunk, byte[] dst, int len) throws IOException {
                kept.read(chunk, dst, len);
            }

            @Override
            public void commit() throws IOException {
                out.flush();
            }

            @Override
            public void abort() {
                kept.abort();
            }
        };
    }

    @Override
    public void opaque(byte[] buf, int off, int len) throws IOException {
        writer.opaque(buf, off, len);
        digest.opaque(buf, off, len);
        out.flush(); // the destination QEMU may be waiting on exactly these bytes
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** The digest of the stream re-created so far, to compare with the source's ({@link StreamDigest}). */
    public StreamDigest.Value digest() {
        return digest.value();
    }

    public long pages() {
        return pages;
    }

}
