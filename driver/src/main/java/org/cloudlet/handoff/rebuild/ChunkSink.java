package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.Space;

import java.io.IOException;

/**
 * Where the decoder puts the chunks of one space: a file ({@link OutputImage}), memory ({@link MemorySink}), and
 * later the destination QEMU's stream or the FUSE overlay. Written in wire order by one thread; reads serve
 * SELF references to chunks written earlier. Nothing is final until {@link #commit()}.
 */
public interface ChunkSink {

    Space space();

    void write(long chunk, byte[] data, int off, int len) throws IOException;

    /** Reads back a chunk this sink was given earlier. */
    void read(long chunk, byte[] dst, int len) throws IOException;

    /** The stream ended complete and verified: make the output final. */
    void commit() throws IOException;

    /** The decode failed: discard everything. Idempotent, and a no-op after {@link #commit()}. */
    void abort();

    /** Opens the sink for one space of a stream; {@code base} is the base's space of the same name, or null. */
    @FunctionalInterface
    interface Factory {
        ChunkSink open(Space space, org.cloudlet.handoff.base.BaseSpace base) throws IOException;
    }
}
