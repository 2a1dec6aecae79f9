package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.Space;

import java.io.IOException;
import java.util.Arrays;

/**
 * Keeps decoded chunks in memory, by chunk index. The profiler decodes into it so that decoding is measured
 * the way encoding is, from memory to memory, without the file system's page allocation in the figures. Zero
 * chunks share one array: a VM's untouched memory is hundreds of megabytes of them, all arriving at the end of
 * QEMU's first pass, and an array each was that much allocation on the destination's in-order applier.
 */
public final class MemorySink implements ChunkSink {
    private static final byte[] ZERO = new byte[ChunkFormat.CHUNK_SIZE];

    private final Space space;
    private byte[][] chunks;

    public MemorySink(Space space) {
        this.space = space;
        this.chunks = new byte[Math.toIntExact(space.chunkCount())][];
    }

    @Override
    public Space space() {
        return space;
    }

    @Override
    public void write(long chunk, byte[] data, int off, int len) {
        byte[] c = chunks[(int) chunk];
        if (c == null || c == ZERO) {
            if (len <= ZERO.length && ChunkFormat.isZero(data, off, len)) {
                chunks[(int) chunk] = ZERO;
                return;
            }
            c = chunks[(int) chunk] = new byte[len];
        }
        System.arraycopy(data, off, c, 0, len);
    }

    @Override
    public void read(long chunk, byte[] dst, int len) throws IOException {
        byte[] c = chunks[(int) chunk];
        if (c == null) {
            throw new IOException(space + " chunk " + chunk + " was never written");
        }
        System.arraycopy(c, 0, dst, 0, len);
    }

    @Override
    public void commit() {
    }

    @Override
    public void abort() {
        Arrays.fill(chunks, null);
    }
}
