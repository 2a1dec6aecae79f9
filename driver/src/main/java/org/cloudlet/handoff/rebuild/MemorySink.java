package org.cloudlet.handoff.rebuild;

import org.cloudlet.handoff.chunk.ChunkFormat;
import org.cloudlet.handoff.chunk.OffHeapChunks;
import org.cloudlet.handoff.chunk.Space;

import java.io.IOException;
import java.util.Arrays;

/**
 * Keeps decoded chunks in memory, by chunk index, off the Java heap ({@link OffHeapChunks}: the destination holds a
 * VM's whole memory this way for the length of a handoff). The profiler decodes into it so that decoding is measured
 * the way encoding is, from memory to memory, without the file system's page allocation in the figures. Zero chunks
 * take no slot: a VM's untouched memory is hundreds of megabytes of them, all arriving at the end of QEMU's first
 * pass.
 */
public final class MemorySink implements ChunkSink {
    private static final byte NEVER = 0;
    private static final byte ZERO = 1;
    private static final byte DATA = 2;

    private final Space space;
    private final byte[] state;
    private final OffHeapChunks chunks;

    public MemorySink(Space space) {
        this.space = space;
        this.state = new byte[Math.toIntExact(space.chunkCount())];
        this.chunks = new OffHeapChunks(space.chunkCount());
    }

    @Override
    public Space space() {
        return space;
    }

    @Override
    public void write(long chunk, byte[] data, int off, int len) {
        int i = (int) chunk;
        if (state[i] != DATA && ChunkFormat.isZero(data, off, len)) {
            state[i] = ZERO;
            return;
        }
        chunks.put(chunk, data, off, len);
        state[i] = DATA;
    }

    @Override
    public void read(long chunk, byte[] dst, int len) throws IOException {
        byte s = state[(int) chunk];
        if (s == NEVER) {
            throw new IOException(space + " chunk " + chunk + " was never written");
        }
        if (s == ZERO) {
            Arrays.fill(dst, 0, len, (byte) 0);
        } else {
            chunks.get(chunk, dst, 0, len);
        }
    }

    @Override
    public void commit() {
    }

    @Override
    public void abort() {
        Arrays.fill(state, NEVER);
        chunks.clear();
    }
}
